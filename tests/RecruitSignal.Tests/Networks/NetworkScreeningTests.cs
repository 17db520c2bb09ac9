using System.Net;
using System.Text.Json;
using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.XApi;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.Networks;

/// <summary>Issue 18's done-means, end to end: POST /v1/screenings, the lookup worker, GET /v1/assessments, against the fakes.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class NetworkScreeningTests(ApiFixture api, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task ACandidateFoundOnlyOnBlueskyIsEngagedUnderDefault2AndAbsentUnderDefault1()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        var account = h.Bluesky.Add("camille.bsky.test", h.Dns);
        Engaged(account);
        var (_, http) = await h.X.NewTenantAsync();

        var pending = await http.PostJsonAsync("/v1/screenings", NetworkScreeningHarness.Screening("ats-1", "default@2", bluesky: "camille.bsky.test"));
        var underDefault1 = await (await http.PostJsonAsync("/v1/screenings", NetworkScreeningHarness.Screening("ats-2", "default@1", bluesky: "camille.bsky.test"))).ReadAssessmentAsync();
        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        Assert.Equal(1, await h.X.ProcessAsync());
        var done = await http.GetAssessmentAsync((await pending.ReadAssessmentAsync()).Id);

        Assert.Equal((AssessmentStatus.Completed, PresenceTier.Engaged, true), (done.Status, done.PresenceTier, done.ActiveProfessionalPresence));
        var bluesky = Assert.Single(done.Networks!);
        Assert.Equal(("bluesky", "camille.bsky.test", NetworkStatus.Found, PresenceTier.Engaged), (bluesky.Network, bluesky.Handle, bluesky.Status, bluesky.PresenceTier));
        Assert.Equal(done.Score, bluesky.Score);
        Assert.Equal((PresenceTier.Absent, 0, "default@1"), (underDefault1.PresenceTier, underDefault1.Score, underDefault1.PolicyVersion));
        Assert.Null(underDefault1.Networks);

        // The explanation names the network that decided, not X.
        foreach (var (language, tier, active) in new[]
        {
            ("en", "You write your own posts on Bluesky and reply to other people.", "This counts as an active professional presence on Bluesky."),
            ("fr", "Vous écrivez vos propres messages sur Bluesky et vous répondez à d'autres personnes.", "Cela correspond à une présence professionnelle active sur Bluesky."),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/assessments/{done.Id}/explanation");
            request.Headers.AcceptLanguage.ParseAdd(language);
            var explanation = JsonDocument.Parse(await (await http.SendAsync(request)).Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(tier, explanation.GetProperty("summary").GetString());
            Assert.EndsWith(active, explanation.GetProperty("result").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WindowCountsMatchTheFakesFeedsExactlyWithRepostsAndRepliesApart()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        var sky = h.Bluesky.Add("camille.bsky.test", h.Dns);
        var skyKinds = new[] { BlueskyPostKind.Original, BlueskyPostKind.Reply, BlueskyPostKind.Repost, BlueskyPostKind.Quote };
        var toot = h.Calm.Add("camille");
        var tootKinds = new[] { MastodonPostKind.Original, MastodonPostKind.Reply, MastodonPostKind.SelfReply, MastodonPostKind.Reblog };
        for (var i = 0; i < 150; i++)
        {
            sky.Posts.Add(new BlueskyPost(i % 4 == 0 ? "Kubernetes notes" : "coffee", Now.AddHours(-15 * (i + 1)), skyKinds[i % 4]));
            toot.Posts.Add(new MastodonPost(i % 3 == 0 ? "Kubernetes notes" : "coffee", Now.AddHours(-17 * (i + 1)), tootKinds[i % 4]));
        }

        var (_, http) = await h.X.NewTenantAsync();
        var pending = await (await http.PostJsonAsync("/v1/screenings",
            NetworkScreeningHarness.Screening("ats-1", "default@2", bluesky: "camille.bsky.test", mastodon: "@camille@calm.test"))).ReadAssessmentAsync();
        Assert.Equal(2, await h.X.ProcessAsync());
        var done = await http.GetAssessmentAsync(pending.Id);

        var since = done.Networks![0].Evidence!.ObservedAt.AddDays(-90);
        var skyWindow = sky.Posts.Where(p => p.CreatedAt >= since).ToList();
        var tootWindow = toot.Posts.Where(p => p.CreatedAt >= since).ToList();
        Assert.Equal(
            (skyWindow.Count(p => p.Kind is BlueskyPostKind.Original or BlueskyPostKind.Quote), skyWindow.Count(p => p.Kind == BlueskyPostKind.Reply), skyWindow.Count(p => p.Kind == BlueskyPostKind.Repost)),
            Counts(done.Networks[0]));
        Assert.Equal(
            (tootWindow.Count(p => p.Kind is MastodonPostKind.Original or MastodonPostKind.SelfReply), tootWindow.Count(p => p.Kind == MastodonPostKind.Reply), tootWindow.Count(p => p.Kind == MastodonPostKind.Reblog)),
            Counts(done.Networks[1]));
        Assert.Equal(EvidenceSource.NetworkApi, done.Networks[1].Evidence!.Source);
    }

    [Fact]
    public async Task AHandleThatDoesNotResolveBackIsInvalidHandleAndARestrictedAccountIsNotReadNeitherIsAbsence()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        h.Bluesky.Add("impostor.bsky.test", h.Dns).DocumentHandle = "someone-else.bsky.test";
        var shy = h.Bluesky.Add("shy.bsky.test", h.Dns);
        shy.Labels.Add("!no-unauthenticated");
        Engaged(shy);
        var (_, http) = await h.X.NewTenantAsync();

        var invalid = await (await http.PostJsonAsync("/v1/screenings", NetworkScreeningHarness.Screening("ats-1", "default@2", bluesky: "impostor.bsky.test"))).ReadAssessmentAsync();
        var restricted = await (await http.PostJsonAsync("/v1/screenings", NetworkScreeningHarness.Screening("ats-2", "default@2", bluesky: "https://bsky.app/profile/shy.bsky.test"))).ReadAssessmentAsync();
        Assert.Equal(2, await h.X.ProcessAsync());
        invalid = await http.GetAssessmentAsync(invalid.Id);
        restricted = await http.GetAssessmentAsync(restricted.Id);

        Assert.Equal((NetworkStatus.InvalidHandle, PresenceTier.Unverified, Band.Unknown), (invalid.Networks![0].Status, invalid.PresenceTier, invalid.Band));
        Assert.Contains(ReasonCodes.HandleInvalid, invalid.ReasonCodes);
        Assert.Equal((NetworkStatus.Restricted, PresenceTier.Unverified, (int?)null), (restricted.Networks![0].Status, restricted.PresenceTier, restricted.Score));
        Assert.Contains(ReasonCodes.AccountRestricted, restricted.ReasonCodes);
        Assert.Empty(h.Bluesky.FeedReads);
    }

    [Fact]
    public async Task AMastodon429WaitsForTheResetAndDoesNotSlowAnotherServer()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        Engaged(h.Busy.Add("camille"));
        h.Busy.RequestsPerWindow = 0;
        h.Busy.Window = TimeSpan.FromSeconds(2);
        Engaged(h.Calm.Add("dominique"));
        var (_, http) = await h.X.NewTenantAsync();

        var limited = await (await http.PostJsonAsync("/v1/screenings", NetworkScreeningHarness.Screening("ats-1", "default@2", mastodon: "@camille@busy.test"))).ReadAssessmentAsync();
        var other = await (await http.PostJsonAsync("/v1/screenings", NetworkScreeningHarness.Screening("ats-2", "default@2", mastodon: "https://calm.test/@dominique"))).ReadAssessmentAsync();
        Assert.Equal(2, await h.X.ProcessAsync());

        Assert.Equal(AssessmentStatus.Completed, (await http.GetAssessmentAsync(other.Id)).Status);
        Assert.Equal(AssessmentStatus.Pending, (await http.GetAssessmentAsync(limited.Id)).Status);
        var due = await h.X.ScalarAsync<DateTime>("select next_attempt_at from presence_lookup_jobs where assessment_id = @id", new { id = limited.Id });
        Assert.Equal(h.Busy.LastReset.ToUnixTimeSeconds(), new DateTimeOffset(due, TimeSpan.Zero).ToUnixTimeSeconds());
        var sent = h.Busy.ApiRequests;
        Assert.Equal(0, await h.X.ProcessAsync()); // not due before the reset: nothing sent
        Assert.Equal(sent, h.Busy.ApiRequests);

        h.Busy.RequestsPerWindow = 300;
        for (var round = 0; round < 40 && (await http.GetAssessmentAsync(limited.Id)).Status == AssessmentStatus.Pending; round++)
        {
            await Task.Delay(250);
            await h.X.ProcessAsync();
        }

        Assert.Equal(PresenceTier.Engaged, (await http.GetAssessmentAsync(limited.Id)).PresenceTier);
    }

    [Fact]
    public async Task AnUnavailableServerIsNeverScoredAsAbsenceEvenBesideANetworkNotFound()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api, maxAttempts: 1);
        h.Closed.Add("camille");
        var (_, http) = await h.X.NewTenantAsync();
        var body = NetworkScreeningHarness.Screening("ats-1", "default@2", twitter: "camille_m", mastodon: "@camille@closed.test");
        body["evidence"] = new System.Text.Json.Nodes.JsonObject { ["status"] = "not_found", ["network"] = "x" };

        var pending = await (await http.PostJsonAsync("/v1/screenings", body)).ReadAssessmentAsync();
        Assert.Equal(1, await h.X.ProcessAsync());
        var done = await http.GetAssessmentAsync(pending.Id);

        Assert.Equal((PresenceTier.Unverified, (int?)null, Band.Unknown), (done.PresenceTier, done.Score, done.Band));
        Assert.Equal([NetworkStatus.NotFound, NetworkStatus.Unavailable], done.Networks!.Select(n => n.Status));
        Assert.Contains(ReasonCodes.NetworkUnavailable, done.ReasonCodes);
        Assert.DoesNotContain(ReasonCodes.NoAccount, done.ReasonCodes);
    }

    [Fact]
    public async Task NothingIsFetchedFromANetworkNoCurrentGrantCovers()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        Engaged(h.Bluesky.Add("camille.bsky.test", h.Dns));
        var (_, http) = await h.X.NewTenantAsync();
        var body = NetworkScreeningHarness.Screening("ats-1", "default@2", bluesky: "camille.bsky.test");
        body["candidate"]!["consent"]!["networks"] = new System.Text.Json.Nodes.JsonArray("x");

        var response = await http.PostJsonAsync("/v1/screenings", body);
        var assessment = await response.ReadAssessmentAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal((NetworkStatus.NotRead, PresenceTier.Unverified), (assessment.Networks![0].Status, assessment.PresenceTier));
        Assert.Contains(ReasonCodes.NoConsentForLookup, assessment.ReasonCodes);
        Assert.Equal(0, await h.X.ProcessAsync());
        Assert.Empty(h.Bluesky.Requests);
    }

    [Fact]
    public async Task AScreeningOfThreeNetworksIsPrintedWithEachLookupsDuration()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        var x = h.X.X.Add("camille_m");
        x.Posts.AddRange([new("Kubernetes upgrade notes", Now.AddDays(-2)), new("RT @k8s: release", Now.AddDays(-3), "retweeted")]);
        Engaged(h.Bluesky.Add("camille.bsky.test", h.Dns));
        h.Calm.Add("camille").Posts.Add(new MastodonPost("Observability talk", Now.AddDays(-4)));
        var (_, http) = await h.X.NewTenantAsync();

        var pending = await (await http.PostJsonAsync("/v1/screenings",
            NetworkScreeningHarness.Screening("ats-1", "default@2", twitter: "camille_m", bluesky: "camille.bsky.test", mastodon: "@camille@calm.test"))).ReadAssessmentAsync();
        Assert.Equal(3, await h.X.ProcessAsync());
        var done = await http.GetAssessmentAsync(pending.Id);

        Assert.Equal(["x", "bluesky", "mastodon"], done.Networks!.Select(n => n.Network));
        Assert.All(done.Networks!, n => Assert.Equal(NetworkStatus.Found, n.Status));
        Assert.Equal((PresenceTier.Engaged, done.Networks![1].Score), (done.PresenceTier, done.Score)); // the best network decides
        Print($"screening: {JsonSerializer.Serialize(done, Json.Options)}");
        foreach (var network in done.Networks!)
        {
            Print($"lookup {network.Network}: {network.LookupMilliseconds} ms against the fake");
        }
    }

    private void Print(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    private static (int, int, int) Counts(NetworkResponse network) =>
        (network.Evidence!.OriginalPosts!.Value, network.Evidence.Replies!.Value, network.Evidence.Reposts!.Value);

    // Six own posts on the job's terms, six replies, one repost, all this week: engaged and active.
    private static void Engaged(BlueskyAccount account)
    {
        for (var i = 0; i < 6; i++)
        {
            account.Posts.Add(new BlueskyPost("Kubernetes at work", Now.AddHours(-10 * (i + 1))));
            account.Posts.Add(new BlueskyPost("agreed", Now.AddHours(-10 * (i + 1) - 3), BlueskyPostKind.Reply));
        }

        account.Posts.Add(new BlueskyPost("a repost", Now.AddHours(-70), BlueskyPostKind.Repost));
    }

    private static void Engaged(MastodonAccount account)
    {
        for (var i = 0; i < 6; i++)
        {
            account.Posts.Add(new MastodonPost("Kubernetes at work", Now.AddHours(-10 * (i + 1))));
            account.Posts.Add(new MastodonPost("agreed", Now.AddHours(-10 * (i + 1) - 3), MastodonPostKind.Reply));
        }
    }
}
