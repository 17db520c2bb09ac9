using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RecruitSignal.Tests.Networks;

/// <summary>
/// A DNS server on 127.0.0.1 (UDP, RFC 1035) answering TXT questions from <see cref="Txt"/>, as a handle's zone answers
/// <c>_atproto.&lt;handle&gt;</c>: NXDOMAIN for a name it does not hold, an empty answer for another record type,
/// FORMERR for a message that is not one question.
/// </summary>
public sealed class FakeDns : IAsyncDisposable
{
    private const ushort TypeTxt = 16;
    private const ushort ClassIn = 1;
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private FakeDns() => _loop = Task.Run(ServeAsync);

    /// <summary>TXT records by lower-case name, each record one string (split into 255-byte character-strings on the wire).</summary>
    public ConcurrentDictionary<string, string[]> Txt { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Questions { get; } = new();

    /// <summary>host:port, as Bluesky__DnsServer takes it.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_udp.Client.LocalEndPoint!).Port}";

    public static FakeDns Start() => new();

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var answer = Answer(received.Buffer);
            if (answer is not null)
            {
                await _udp.SendAsync(answer, received.RemoteEndPoint, CancellationToken.None);
            }
        }
    }

    private byte[]? Answer(byte[] query)
    {
        if (query.Length < 12)
        {
            return null; // not even a header: a real server drops it
        }

        var questions = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(4));
        if (questions != 1 || !TryReadName(query, 12, out var name, out var end) || end + 4 > query.Length)
        {
            return Header(query, rcode: 1, answers: 0, question: []);
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(end));
        var question = query.AsSpan(12, end + 4 - 12).ToArray();
        Questions.Enqueue(name);
        if (!Txt.TryGetValue(name, out var records))
        {
            return Header(query, rcode: 3, answers: 0, question); // NXDOMAIN
        }

        if (type != TypeTxt)
        {
            return Header(query, rcode: 0, answers: 0, question);
        }

        var response = new List<byte>(Header(query, rcode: 0, answers: (ushort)records.Length, question));
        foreach (var record in records)
        {
            var data = CharacterStrings(record);
            response.AddRange([0xC0, 0x0C]); // the name: a pointer to the question's
            response.AddRange(BigEndian(TypeTxt));
            response.AddRange(BigEndian(ClassIn));
            response.AddRange([0, 0, 0, 60]); // TTL
            response.AddRange(BigEndian((ushort)data.Length));
            response.AddRange(data);
        }

        return [.. response];
    }

    private static byte[] Header(byte[] query, byte rcode, ushort answers, byte[] question)
    {
        var header = new byte[12 + question.Length];
        query.AsSpan(0, 2).CopyTo(header); // the id
        header[2] = (byte)(0x80 | (query[2] & 0x01)); // QR, and RD as asked
        header[3] = (byte)(0x80 | rcode); // RA
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)(question.Length > 0 ? 1 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), answers);
        question.CopyTo(header, 12);
        return header;
    }

    private static bool TryReadName(byte[] message, int offset, out string name, out int end)
    {
        var labels = new List<string>();
        name = "";
        end = offset;
        while (end < message.Length)
        {
            var length = message[end++];
            if (length == 0)
            {
                name = string.Join('.', labels);
                return true;
            }

            if (length > 63 || end + length > message.Length)
            {
                return false; // compression or garbage has no place in a question
            }

            labels.Add(Encoding.ASCII.GetString(message, end, length));
            end += length;
        }

        return false;
    }

    private static byte[] CharacterStrings(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var data = new List<byte>();
        for (var i = 0; i < bytes.Length || i == 0; i += 255)
        {
            var chunk = bytes.AsSpan(i, Math.Min(255, bytes.Length - i));
            data.Add((byte)chunk.Length);
            data.AddRange(chunk.ToArray());
        }

        return [.. data];
    }

    private static byte[] BigEndian(ushort value) => [(byte)(value >> 8), (byte)value];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
