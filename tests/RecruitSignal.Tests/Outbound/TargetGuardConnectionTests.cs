using System.Net;
using System.Net.Sockets;
using RecruitSignal.Outbound;

namespace RecruitSignal.Tests.Outbound;

/// <summary>Issue 13, item 5: every resolved address is checked, and a connection goes only to an address that passed.</summary>
public sealed class TargetGuardConnectionTests
{
    private static readonly IPAddress Public = IPAddress.Parse("93.184.215.14");

    [Fact]
    public async Task ADnsAnswerThatTurnsInwardAfterTheCheckIsRefusedAtConnectionTime()
    {
        using var listener = Listen(IPAddress.Loopback);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var resolver = new ScriptedResolver([Public], [IPAddress.Loopback]);
        var guard = new TargetGuard(resolver);

        var atSubscription = await guard.CheckUrlAsync($"https://hooks.example.com:{port}/", allowPrivate: false, CancellationToken.None);
        var atConnection = await Assert.ThrowsAsync<TargetRefusedException>(
            () => guard.ConnectAsync(new DnsEndPoint("hooks.example.com", port), allowPrivate: false, CancellationToken.None).AsTask());

        Assert.Null(atSubscription);
        Assert.Contains("127.0.0.1", atConnection.Message, StringComparison.Ordinal);
        Assert.Equal(2, resolver.Calls);
        Assert.False(listener.Pending(), "a connection reached the loopback listener");
    }

    [Fact]
    public async Task AHostWithOnePublicAndOneInternalAddressIsRefused()
    {
        var guard = new TargetGuard(new ScriptedResolver([Public, IPAddress.Parse("10.0.0.7")]));

        var reason = await guard.CheckUrlAsync("https://hooks.example.com/", allowPrivate: false, CancellationToken.None);

        Assert.NotNull(reason);
        Assert.Contains("10.0.0.7", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachConnectionResolvesOnceAndConnectsToTheAddressesOfThatAnswer()
    {
        using var first = Listen(IPAddress.Loopback);
        var port = ((IPEndPoint)first.LocalEndpoint).Port;
        var resolver = new ScriptedResolver([IPAddress.Loopback], [IPAddress.Parse("127.0.0.2")]);
        var guard = new TargetGuard(resolver);

        await using var stream = await guard.ConnectAsync(new DnsEndPoint("receiver.test", port), allowPrivate: true, CancellationToken.None);
        using var accepted = await first.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, resolver.Calls);
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)accepted.LocalEndPoint!).Address.MapToIPv4());
    }

    [Fact]
    public async Task TheGuardedClientRefusesAnInternalAddressBeforeAnyByteIsSent()
    {
        using var listener = Listen(IPAddress.Loopback);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var handler = new TargetGuard(new ScriptedResolver([IPAddress.Loopback])).CreateHandler(allowPrivate: false);
        using var client = new HttpClient(handler);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(new Uri($"http://127.0.0.1:{port}/")));

        Assert.False(handler.UseProxy, "a proxy would connect on the guard's behalf, past the check");
        Assert.False(handler.AllowAutoRedirect, "a redirect is a new target the guard has not seen");
        Assert.False(listener.Pending());
    }

    [Theory]
    [InlineData("https://0.0.0.0/")]
    [InlineData("https://[::]/")]
    [InlineData("https://[::127.0.0.1]/")]
    [InlineData("https://[2002:7f00:1::1]/")]
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/")]
    [InlineData("https://[fec0::1]/")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/")]
    public async Task AddressLiteralsAreCheckedWithoutAskingDns(string url)
    {
        var resolver = new ScriptedResolver([Public]);

        var reason = await new TargetGuard(resolver).CheckUrlAsync(url, allowPrivate: false, CancellationToken.None);

        Assert.NotNull(reason);
        Assert.Equal(0, resolver.Calls);
    }

    private static TcpListener Listen(IPAddress address)
    {
        var listener = new TcpListener(address, 0);
        listener.Start();
        return listener;
    }

    /// <summary>Answers each lookup with the next scripted answer, the last one again once they run out.</summary>
    private sealed class ScriptedResolver(params IPAddress[][] answers) : HostResolver
    {
        private int _calls;

        public int Calls => _calls;

        public override Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
        {
            var call = Interlocked.Increment(ref _calls);
            return Task.FromResult(answers[Math.Min(call, answers.Length) - 1]);
        }
    }
}
