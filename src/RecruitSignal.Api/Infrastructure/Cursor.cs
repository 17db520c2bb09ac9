using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RecruitSignal.Infrastructure;

/// <summary>
/// Opaque keyset-paging cursors: the (created_at, id) of the last row of a page, bound to the tenant,
/// the listing and its filters, and sealed with an HMAC so that an edited, truncated or borrowed cursor
/// (another tenant's, another listing's, other filters') is refused. They are tamper-evident, not secret:
/// they hold nothing the caller cannot already read, and every query is filtered by the caller's tenant anyway.
/// </summary>
public static class Cursor
{
    private const byte Version = 1;
    private const int PayloadLength = 1 + 16 + 8 + 8 + 16;
    private const int MacLength = 16;
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("RecruitSignal keyset cursor v1");

    public static string Encode(Guid tenantId, string scope, DateTime createdAt, Guid id)
    {
        var data = new byte[PayloadLength + MacLength];
        data[0] = Version;
        tenantId.TryWriteBytes(data.AsSpan(1, 16));
        ScopeHash(scope).CopyTo(data.AsSpan(17, 8));
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(25, 8), createdAt.Ticks);
        id.TryWriteBytes(data.AsSpan(33, 16));
        Mac(data.AsSpan(0, PayloadLength)).CopyTo(data.AsSpan(PayloadLength));
        return Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <param name="scope">The listing and its filters, e.g. "assessments?band=strong"; a cursor only works for the scope it came from.</param>
    public static bool TryDecode(string cursor, Guid tenantId, string scope, out DateTime createdAt, out Guid id)
    {
        (createdAt, id) = (default, default);
        var data = FromBase64Url(cursor);
        if (data is not { Length: PayloadLength + MacLength } || data[0] != Version
            || !CryptographicOperations.FixedTimeEquals(Mac(data.AsSpan(0, PayloadLength)), data.AsSpan(PayloadLength))
            || new Guid(data.AsSpan(1, 16)) != tenantId
            || !data.AsSpan(17, 8).SequenceEqual(ScopeHash(scope)))
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(data.AsSpan(25, 8));
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        (createdAt, id) = (new DateTime(ticks, DateTimeKind.Utc), new Guid(data.AsSpan(33, 16)));
        return true;
    }

    private static byte[] ScopeHash(string scope) => SHA256.HashData(Encoding.UTF8.GetBytes(scope))[..8];

    private static byte[] Mac(ReadOnlySpan<byte> payload) => HMACSHA256.HashData(Key, payload)[..MacLength];

    private static byte[]? FromBase64Url(string text)
    {
        if (text.Length > 200)
        {
            return null;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }
}
