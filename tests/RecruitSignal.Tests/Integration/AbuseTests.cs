using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Tenants;

namespace RecruitSignal.Tests.Integration;

/// <summary>Hostile or careless clients cannot hold the service hostage.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class AbuseTests(ApiFixture api)
{
    [Fact]
    public async Task SlowDripRequestBodyIsCutOff()
    {
        var tenant = await api.Factory.Services.GetRequiredService<TenantStore>().CreateAsync("drip", CancellationToken.None);
        using var socket = await ConnectAsync();
        var stream = socket.GetStream();
        var head = $"POST /v1/screenings HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {tenant.ApiKey}\r\n"
            + "Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // One byte every 250 ms is far below Kestrel's minimum body rate (240 bytes/s after a 5 s grace).
        var cutOff = false;
        for (var i = 0; i < 80 && !cutOff; i++)
        {
            try
            {
                await stream.WriteAsync(" "u8.ToArray()); // JSON whitespace: valid, so only the pace is wrong
                await Task.Delay(250);
                cutOff = socket.Client.Poll(0, SelectMode.SelectRead) && (socket.Available == 0 || await ReadsStatusAsync(stream));
            }
            catch (IOException)
            {
                cutOff = true;
            }
        }

        Assert.True(cutOff, "the server kept waiting for a body dripping at 4 bytes/s");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task AThousandIdleConnectionsDoNotStarveOtherClients()
    {
        var idle = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 1000; i++)
            {
                idle.Add(await ConnectAsync());
            }

            var tenant = await api.NewTenantAsync();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var screening = await tenant.ScreenAsync(Requests.EngagedProfessional());
            var live = await tenant.Http.GetAsync("/health/live");

            Assert.Equal(HttpStatusCode.Created, screening.StatusCode);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }
    }

    private async Task<TcpClient> ConnectAsync()
    {
        using var client = api.Factory.CreateClient();
        var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, client.BaseAddress!.Port);
        return socket;
    }

    private static async Task<bool> ReadsStatusAsync(NetworkStream stream)
    {
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
        return read == 0 || Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/1.1 4", StringComparison.Ordinal);
    }
}
