using System.Net;
using RecruitSignal.Assessments;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.XApi;

[Collection(ApiTestGroup.Name)]
public sealed class XApiLookupTests(ApiFixture api)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task HandleWithConsentAnswersAcceptedWithAPendingAssessmentAndOneQueuedJob()
    {
        await using var x = await XApiHarness.StartAsync(api);
        var (_, http) = await x.NewTenantAsync();

        var response = await http.PostJsonAsync("/v1/screenings", LookupRequests.HandleOnly(consent: LookupRequests.Grant));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var pending = await response.ReadAssessmentAsync();
        Assert.Equal($"/v1/assessments/{pending.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(AssessmentStatus.Pending, pending.Status);
        Assert.Equal(PresenceTier.Unverified, pending.PresenceTier);
        Assert.Null(pending.Score);
        Assert.Contains(ReasonCodes.LookupPending, pending.ReasonCodes);
        Assert.Equal(1, await x.ScalarAsync<long>("select count(*) from presence_lookup_jobs where assessment_id = @id", new { id = pending.Id }));
        Assert.Empty(x.X.Requests);
    }

    [Fact]
    public async Task MixedTimelineIsClassifiedCountedAndScored()
    {
        await using var x = await XApiHarness.StartAsync(api);
        var account = x.X.Add("camille_m");
        account.Posts.AddRange(
        [
            new("Shipping our Kubernetes operator today", Now.AddDays(-1)),
            new("Kubernetes upgrade notes", Now.AddDays(-3)),
            new("Lunch", Now.AddDays(-4)),
            new("Weekend hike", Now.AddDays(-20)),
            new("Observability is a team sport", Now.AddDays(-30), "quoted"),
            new("Nice photo", Now.AddDays(-31), "quoted"),
            new("Agreed, kubernetes all the way", Now.AddHours(-10), "replied_to"),
            new("Thanks!", Now.AddDays(-2), "replied_to"),
            new("Same here", Now.AddDays(-5), "replied_to"),
            new("Good point", Now.AddDays(-6), "replied_to"),
            new("Indeed", Now.AddDays(-7), "replied_to"),
            new("RT @k8s: Kubernetes 2.0 is out", Now.AddHours(-1), "retweeted"),
            new("RT @obs: observability conf", Now.AddDays(-8), "retweeted"),
        ]);
        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();

        Assert.Equal(1, await x.ProcessAsync());
        var done = await http.GetAssessmentAsync(pending.Id);

        Assert.Equal(AssessmentStatus.Completed, done.Status);
        var evidence = done.Evidence!;
        Assert.Equal(EvidenceSource.XApi, evidence.Source);
        Assert.Equal(AccountStatus.Found, evidence.Status);
        Assert.Equal((6, 5, 2, 3), (evidence.OriginalPosts, evidence.Replies, evidence.Reposts, evidence.RelevantOriginalPosts));
        // The newest authored post is the reply of 10 hours ago, not the newer repost.
        Assert.Equal(Now.AddHours(-10).ToUnixTimeSeconds(), evidence.LastAuthoredPostAt!.Value.ToUnixTimeSeconds());
        Assert.Equal(420, evidence.Followers);
        Assert.Equal(2014, evidence.AccountCreatedAt!.Value.Year);
        Assert.Equal(["kubernetes", "observability"], evidence.BioMatchedTerms);
        Assert.Equal(90, evidence.WindowDays);
        Assert.Equal(PresenceTier.Engaged, done.PresenceTier);
        Assert.True(done.ActiveProfessionalPresence);
        Assert.DoesNotContain(ReasonCodes.LookupPending, done.ReasonCodes);
        Assert.Equal(1, await x.ScalarAsync<long>("select count(*) from presence_lookup_jobs where status = 'completed'"));
    }

    [Fact]
    public async Task TimelineIsReadPageByPageWithTheDocumentedParameters()
    {
        await using var x = await XApiHarness.StartAsync(api);
        var account = x.X.Add("camille_m");
        account.PostCountName = true;
        account.Posts.AddRange(Enumerable.Range(0, 250).Select(i => new FakePost($"post {i}", Now.AddHours(-i - 1))));
        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();

        await x.ProcessAsync();

        Assert.Equal(250, (await http.GetAssessmentAsync(pending.Id)).Evidence!.OriginalPosts);
        var reads = x.X.TimelineReads;
        Assert.Equal(3, reads.Count);
        Assert.All(reads, read => Assert.Contains("max_results=100&tweet.fields=created_at,referenced_tweets", read, StringComparison.Ordinal));
        Assert.All(reads, read => Assert.Contains($"start_time={Now.AddDays(-90):yyyy-MM-dd}T", read, StringComparison.Ordinal));
        Assert.DoesNotContain("pagination_token", reads[0], StringComparison.Ordinal);
        Assert.EndsWith("&pagination_token=100", reads[1], StringComparison.Ordinal);
        Assert.EndsWith("&pagination_token=200", reads[2], StringComparison.Ordinal);
        Assert.Contains("user.fields=created_at,description,protected,public_metrics,most_recent_tweet_id", x.X.Requests.First(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostsBeforeTheWindowAreNotCountedAndEndThePaging()
    {
        await using var x = await XApiHarness.StartAsync(api);
        var account = x.X.Add("camille_m");
        account.IgnoreStartTime = true;
        account.Posts.AddRange(Enumerable.Range(0, 120).Select(i => new FakePost($"recent {i}", Now.AddHours(-i - 1))));
        account.Posts.AddRange(Enumerable.Range(0, 130).Select(i => new FakePost($"old {i}", Now.AddDays(-91 - i))));
        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();

        await x.ProcessAsync();

        Assert.Equal(120, (await http.GetAssessmentAsync(pending.Id)).Evidence!.OriginalPosts);
        Assert.Equal(2, x.X.TimelineReads.Count);
    }

    [Theory]
    [InlineData(FakeKind.NotFound, AccountStatus.NotFound, PresenceTier.Absent)]
    [InlineData(FakeKind.NotFound404, AccountStatus.NotFound, PresenceTier.Absent)]
    [InlineData(FakeKind.Suspended, AccountStatus.Suspended, PresenceTier.Unverified)]
    [InlineData(FakeKind.Suspended404, AccountStatus.Suspended, PresenceTier.Unverified)]
    [InlineData(FakeKind.Protected, AccountStatus.Protected, PresenceTier.Unverified)]
    public async Task EveryOutcomeIsStoredAsAnObservation(FakeKind kind, AccountStatus status, PresenceTier tier)
    {
        await using var x = await XApiHarness.StartAsync(api);
        x.X.Add("camille_m", kind).Posts.Add(new FakePost("hidden", Now.AddDays(-1)));
        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();

        await x.ProcessAsync();

        var done = await http.GetAssessmentAsync(pending.Id);
        Assert.Equal(AssessmentStatus.Completed, done.Status);
        Assert.Equal(status, done.Evidence!.Status);
        Assert.Equal(EvidenceSource.XApi, done.Evidence.Source);
        Assert.Equal(tier, done.PresenceTier);
        Assert.Null(done.Evidence.OriginalPosts);
        Assert.Empty(x.X.TimelineReads);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnAccountThatNeverPostedCostsNoTimelineRead(bool postCountName)
    {
        await using var x = await XApiHarness.StartAsync(api);
        x.X.Add("camille_m").PostCountName = postCountName;
        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();

        await x.ProcessAsync();

        var done = await http.GetAssessmentAsync(pending.Id);
        Assert.Equal(PresenceTier.Passive, done.PresenceTier);
        Assert.Equal(0, done.Evidence!.OriginalPosts);
        Assert.Empty(x.X.TimelineReads);
    }
}
