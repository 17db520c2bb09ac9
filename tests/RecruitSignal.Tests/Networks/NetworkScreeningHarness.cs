using System.Text.Json.Nodes;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.XApi;

namespace RecruitSignal.Tests.Networks;

/// <summary>
/// The service against every fake network on loopback: X, the Bluesky AppView, the PLC directory and a DNS server for
/// <c>_atproto</c> records, and three Mastodon servers (calm, busy, closed) mapped with Outbound__Resolve. The worker loop is
/// off: tests run it one round at a time through <see cref="X"/>.
/// </summary>
public sealed class NetworkScreeningHarness : IAsyncDisposable
{
    private NetworkScreeningHarness(XApiHarness x, FakeDns dns, FakeBluesky bluesky, FakeMastodon calm, FakeMastodon busy, FakeMastodon closed)
    {
        (X, Dns, Bluesky, Calm, Busy, Closed) = (x, dns, bluesky, calm, busy, closed);
    }

    public XApiHarness X { get; }

    public FakeDns Dns { get; }

    public FakeBluesky Bluesky { get; }

    public FakeMastodon Calm { get; }

    public FakeMastodon Busy { get; }

    public FakeMastodon Closed { get; }

    public static async Task<NetworkScreeningHarness> StartAsync(ApiFixture api, int maxAttempts = 5)
    {
        var dns = FakeDns.Start();
        var bluesky = await FakeBluesky.StartAsync();
        var calm = await FakeMastodon.StartAsync("calm.test");
        var busy = await FakeMastodon.StartAsync("busy.test");
        var closed = await FakeMastodon.StartAsync("closed.test");
        closed.RequireAuthentication = true;
        var settings = new Dictionary<string, string?>
        {
            // Outbound__Resolve is refused in Production, as it must be: these tests run the service as a developer would.
            ["environment"] = "Development",
            ["Bluesky:AppViewUrl"] = bluesky.AppViewUrl,
            ["Bluesky:PlcDirectoryUrl"] = bluesky.PlcDirectoryUrl,
            ["Bluesky:DnsServer"] = dns.Address,
            ["Outbound:AllowHttp"] = "true",
            ["XApi:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var server in new[] { calm, busy, closed })
        {
            settings[$"Outbound:Resolve:{server.Domain}"] = $"127.0.0.1:{server.Port}";
        }

        var x = await XApiHarness.StartAsync(api, settings);
        return new NetworkScreeningHarness(x, dns, bluesky, calm, busy, closed);
    }

    /// <summary>A candidate naming the given networks, consenting to every one of them, screened under <paramref name="policy"/>.</summary>
    public static JsonObject Screening(string externalId, string policy, string? twitter = null, string? bluesky = null, string? mastodon = null)
    {
        var candidate = new JsonObject
        {
            ["externalId"] = externalId,
            ["fullName"] = "Camille Martin",
            ["headline"] = "Platform engineer",
            ["consent"] = new JsonObject
            {
                ["granted"] = true, ["noticeVersion"] = "privacy-2026-12", ["method"] = "ats_form",
                ["networks"] = new JsonArray("x", "bluesky", "mastodon"),
            },
        };
        foreach (var (name, value) in new[] { ("twitter", twitter), ("bluesky", bluesky), ("mastodon", mastodon) })
        {
            if (value is not null)
            {
                candidate[name] = value;
            }
        }

        return new JsonObject
        {
            ["candidate"] = candidate,
            ["job"] = new JsonObject { ["title"] = "Senior Platform Engineer", ["keywords"] = new JsonArray("kubernetes", "observability") },
            ["policyVersion"] = policy,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await X.DisposeAsync();
        foreach (var fake in new IAsyncDisposable[] { Closed, Busy, Calm, Bluesky, Dns })
        {
            await fake.DisposeAsync();
        }
    }
}
