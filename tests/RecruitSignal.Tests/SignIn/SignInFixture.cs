using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Presence.SignIn;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.Networks;

namespace RecruitSignal.Tests.SignIn;

/// <summary>
/// The service with its own database, every log line captured, and the networks' sign-in sides on loopback: the fake
/// DNS and atproto servers, and three Mastodon servers (a 4.3 one, a classic one, one that names an inward endpoint).
/// Outbound__Resolve maps their names; every other host goes through the SSRF guard as in production.
/// </summary>
public sealed class SignInFixture : IAsyncLifetime
{
    private readonly PostgresServer _server = new();

    public CandidatePagesHarness Harness { get; private set; } = null!;
    public FakeDns Dns { get; private set; } = null!;
    public FakeAtproto Atproto { get; private set; } = null!;
    public FakeMastodonOAuth Mastodon { get; private set; } = null!;
    public FakeMastodonOAuth Classic { get; private set; } = null!;
    public FakeMastodonOAuth Inward { get; private set; } = null!;

    public NetworkSignIn SignIn => Harness.Factory.Services.GetRequiredService<NetworkSignIn>();

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        Dns = FakeDns.Start();
        Atproto = await FakeAtproto.StartAsync();
        Mastodon = await FakeMastodonOAuth.StartAsync("mastodon.test");
        Classic = await FakeMastodonOAuth.StartAsync("classic.test");
        Classic.ServesMetadata = false;
        Inward = await FakeMastodonOAuth.StartAsync("inward.test");
        Inward.TokenEndpoint = "https://10.20.30.40/oauth/token"; // refused by the guard before any connection
        var local = $"127.0.0.1:{Atproto.Port}";
        Harness = await CandidatePagesHarness.StartAsync(_server, background: false, traceLogs: true, extra: new Dictionary<string, string?>
        {
            // Outbound__Resolve is refused in Production, as it must be: these tests run as a staging host would.
            ["environment"] = "Staging",
            ["Bluesky:PlcDirectoryUrl"] = Atproto.PlcDirectoryUrl,
            ["Bluesky:DnsServer"] = Dns.Address,
            [$"Outbound:Resolve:{FakeAtproto.PdsHost}"] = local,
            [$"Outbound:Resolve:{FakeAtproto.AuthHost}"] = local,
            ["Outbound:Resolve:mastodon.test"] = $"127.0.0.1:{Mastodon.Port}",
            ["Outbound:Resolve:classic.test"] = $"127.0.0.1:{Classic.Port}",
            ["Outbound:Resolve:inward.test"] = $"127.0.0.1:{Inward.Port}",
            ["Outbound:AllowHttp"] = "true",
        });
    }

    private readonly ConcurrentDictionary<Guid, string> _tokens = new();

    /// <summary>A new tenant's invitation, waiting for the candidate's answer.</summary>
    public async Task<(Guid TenantId, Guid InvitationId)> InvitationAsync()
    {
        var (tenantId, http) = await Harness.NewTenantAsync("Sign-in Works");
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}");
        var invitation = await CandidatePagesHarness.InviteAsync(http, candidateId, sendEmail: false);
        _tokens[invitation.Id] = invitation.Url[(invitation.Url.LastIndexOf('/') + 1)..];
        return (tenantId, invitation.Id);
    }

    /// <summary>A sign-in started as the candidate page starts it: bound to the invitation and to its page, in English.</summary>
    public Task<SignInStart> StartAsync(Guid tenantId, Guid invitationId, string network, string handle, CancellationToken ct) =>
        SignIn.StartAsync(tenantId, invitationId, network, handle, ct, new SignInPage(_tokens[invitationId], "en"));

    /// <summary>
    /// The browser coming back to the service's callback with what the network's page answered. Verified, the callback
    /// records the answer and sends the browser to the candidate page (302): the body is what was recorded. Refused, it is
    /// a page whose heading carries the reason code.
    /// </summary>
    public async Task<(int Status, JsonObject Body)> CallbackAsync(string network, string query)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Harness.BaseUrl) };
        using var response = await browser.GetAsync($"/oauth/{network}/callback{query}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            const string Latest = "from invitation_networks where network = @network order by verified_at desc nulls last limit 1";
            return (302, new JsonObject
            {
                ["outcome"] = await Harness.ScalarAsync<string>("select ownership " + Latest, new { network }),
                ["subject"] = await Harness.ScalarAsync<string>("select subject " + Latest, new { network }),
                ["handle"] = await Harness.ScalarAsync<string>("select handle " + Latest, new { network }),
                ["location"] = response.Headers.Location?.ToString(),
            });
        }

        var page = await response.Content.ReadAsStringAsync();
        var reason = Regex.Match(page, "data-reason=\"([a-z_]+)\"").Groups[1].Value;
        return ((int)response.StatusCode, new JsonObject { ["reason"] = reason, ["page"] = page });
    }

    public Task<long> StatesOfAsync(Guid invitationId) =>
        Harness.ScalarAsync<long>("select count(*) from network_sign_in_states where invitation_id = @invitationId", new { invitationId });

    public async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        await Atproto.DisposeAsync();
        await Mastodon.DisposeAsync();
        await Classic.DisposeAsync();
        await Inward.DisposeAsync();
        await Dns.DisposeAsync();
        await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SignInGroup : ICollectionFixture<SignInFixture>
{
    public const string Name = "network-sign-in";
}
