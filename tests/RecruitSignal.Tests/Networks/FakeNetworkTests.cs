using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DnsClient;

namespace RecruitSignal.Tests.Networks;

/// <summary>The fakes refuse what the real services refuse; the provider tests rely on it.</summary>
public sealed class FakeNetworkTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task FakeDnsAnswersAtprotoTxtRecordsAndNxdomainForOtherNames()
    {
        await using var dns = FakeDns.Start();
        dns.Txt["_atproto.camille.example"] = ["did=did:plc:abcdefghijklmnopqrstuvwx"];
        var port = int.Parse(dns.Address.Split(':')[1], CultureInfo.InvariantCulture);
        var client = new LookupClient(new LookupClientOptions(new IPEndPoint(IPAddress.Loopback, port)) { UseCache = false, Retries = 0, Timeout = TimeSpan.FromSeconds(5) });

        var found = await client.QueryAsync("_atproto.camille.example", QueryType.TXT);
        var missing = await client.QueryAsync("_atproto.nobody.example", QueryType.TXT);

        Assert.Equal("did=did:plc:abcdefghijklmnopqrstuvwx", Assert.Single(Assert.Single(found.Answers.TxtRecords()).Text));
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, missing.Header.ResponseCode);
    }

    [Fact]
    public async Task FakeAppViewRefusesWhatTheAppViewRefuses()
    {
        await using var dns = FakeDns.Start();
        await using var bluesky = await FakeBluesky.StartAsync();
        var open = bluesky.Add("camille.example", dns);
        var gone = bluesky.Add("gone.example", dns);
        gone.Kind = BlueskyKind.Takendown;
        var shy = bluesky.Add("shy.example", dns);
        shy.Labels.Add("!no-unauthenticated");

        Assert.Equal((400, "InvalidRequest"), await XrpcAsync(bluesky, $"app.bsky.feed.getAuthorFeed?actor={open.Did}&limit=101"));
        Assert.Equal((400, "InvalidRequest"), await XrpcAsync(bluesky, "app.bsky.actor.getProfile"));
        Assert.Equal((400, "InvalidRequest"), await XrpcAsync(bluesky, "app.bsky.actor.getProfile?actor=nobody.example"));
        Assert.Equal((400, "AccountTakedown"), await XrpcAsync(bluesky, $"app.bsky.actor.getProfile?actor={gone.Did}"));
        Assert.Equal((401, "AuthenticationRequired"), await XrpcAsync(bluesky, $"app.bsky.feed.getAuthorFeed?actor={shy.Did}"));
        Assert.Equal((200, null), await XrpcAsync(bluesky, $"app.bsky.actor.getProfile?actor={shy.Did}"));
    }

    [Fact]
    public async Task FakePlcDirectoryListsTheHandleTheDocumentClaims()
    {
        await using var dns = FakeDns.Start();
        await using var bluesky = await FakeBluesky.StartAsync();
        var account = bluesky.Add("camille.example", dns);
        account.DocumentHandle = "someone-else.example";

        var document = JsonNode.Parse(await Http.GetStringAsync($"{bluesky.PlcDirectoryUrl}/{account.Did}"))!;
        using var unknown = await Http.GetAsync($"{bluesky.PlcDirectoryUrl}/{FakeBluesky.NewDid()}");

        Assert.Equal("at://someone-else.example", document["alsoKnownAs"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task FakeMastodonRefusesUnauthenticatedReadsWhenTheServerDoes()
    {
        await using var mastodon = await FakeMastodon.StartAsync("closed.example");
        var account = mastodon.Add("camille");
        mastodon.RequireAuthentication = true;

        using var finger = await Http.GetAsync($"{mastodon.BaseUrl}/.well-known/webfinger?resource=acct:camille@closed.example");
        using var lookup = await Http.GetAsync($"{mastodon.BaseUrl}/api/v1/accounts/lookup?acct=camille");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{mastodon.BaseUrl}/api/v1/accounts/{account.Id}/statuses");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "a-user-token");
        using var authenticated = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, finger.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, lookup.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authenticated.StatusCode);
    }

    [Fact]
    public async Task FakeMastodonAnswers429WithAnIsoResetPastItsLimit()
    {
        await using var mastodon = await FakeMastodon.StartAsync("busy.example");
        mastodon.Add("camille");
        mastodon.RequestsPerWindow = 2;
        var before = DateTimeOffset.UtcNow;

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            last = await Http.GetAsync($"{mastodon.BaseUrl}/api/v1/accounts/lookup?acct=camille");
            statuses.Add(last.StatusCode);
        }

        var reset = DateTimeOffset.Parse(last!.Headers.GetValues("X-RateLimit-Reset").Single(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("0", last.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.InRange(reset, before, before + mastodon.Window + TimeSpan.FromMinutes(1));
        last.Dispose();
    }

    private static async Task<(int Status, string? Error)> XrpcAsync(FakeBluesky bluesky, string method)
    {
        using var response = await Http.GetAsync($"{bluesky.AppViewUrl}/xrpc/{method}");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, body?["error"]?.GetValue<string>());
    }
}
