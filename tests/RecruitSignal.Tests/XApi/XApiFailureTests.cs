using System.Net;
using System.Text.Json.Nodes;
using RecruitSignal.Assessments;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.XApi;

[Collection(ApiTestGroup.Name)]
public sealed class XApiFailureTests(ApiFixture api)
{
    [Fact]
    public async Task RateLimitReschedulesTheJobAfterTheResetWithoutSpendingAnAttempt()
    {
        await using var x = await XApiHarness.StartAsync(api);
        var account = x.X.Add("camille_m");
        account.Posts.Add(new FakePost("kubernetes", DateTimeOffset.UtcNow.AddDays(-1)));
        var reset = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        account.RateLimitReset = reset;
        account.LookupFailures.Enqueue(429);
        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();

        Assert.Equal(1, await x.ProcessAsync());

        Assert.Equal(AssessmentStatus.Pending, (await http.GetAssessmentAsync(pending.Id)).Status);
        var nextAttempt = await x.ScalarAsync<DateTime>("select next_attempt_at from presence_lookup_jobs");
        Assert.True(new DateTimeOffset(nextAttempt, TimeSpan.Zero).ToUnixTimeSeconds() > reset, "rescheduled after the reset");
        Assert.Equal(0, await x.ScalarAsync<int>("select attempts from presence_lookup_jobs"));
        Assert.Equal(0, await x.ProcessAsync());
        Assert.Equal(1, x.X.UserLookups("camille_m"));

        await x.ScalarAsync<int>("update presence_lookup_jobs set next_attempt_at = now() - interval '1 second' returning 1");
        Assert.Equal(1, await x.ProcessAsync());
        Assert.Equal(AssessmentStatus.Completed, (await http.GetAssessmentAsync(pending.Id)).Status);
    }

    [Fact]
    public async Task ServerErrorsAreRetriedWithBackoffUntilXAnswers()
    {
        await using var x = await XApiHarness.StartAsync(api);
        var account = x.X.Add("camille_m");
        account.LookupFailures.Enqueue(503);
        account.LookupFailures.Enqueue(503);
        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();

        await x.ProcessAsync();

        Assert.Equal(AssessmentStatus.Completed, (await http.GetAssessmentAsync(pending.Id)).Status);
        Assert.Equal(3, x.X.UserLookups("camille_m"));
    }

    [Fact]
    public async Task ServerErrorsBeyondTheRetriesPutTheJobBackForLater()
    {
        await using var x = await XApiHarness.StartAsync(api);
        var account = x.X.Add("camille_m");
        foreach (var _ in Enumerable.Range(0, 4))
        {
            account.LookupFailures.Enqueue(503);
        }

        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();

        await x.ProcessAsync();

        Assert.Equal(AssessmentStatus.Pending, (await http.GetAssessmentAsync(pending.Id)).Status);
        Assert.Equal(4, x.X.UserLookups("camille_m"));
        Assert.True(await x.ScalarAsync<bool>("select next_attempt_at > now() + interval '20 seconds' and last_error like '%503%' from presence_lookup_jobs"));
    }

    [Fact]
    public async Task RefusedTokenFailsTheJobAndReadinessReportsTheProviderMisconfigured()
    {
        await using var x = await XApiHarness.StartAsync(api);
        x.X.Add("camille_m", FakeKind.Unauthorized);
        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();

        await x.ProcessAsync();

        var response = await http.GetAsync($"/v1/assessments/{pending.Id}");
        var body = await response.Content.ReadAsStringAsync();
        var failed = await response.ReadAssessmentAsync();
        Assert.Equal(AssessmentStatus.Failed, failed.Status);
        Assert.Equal(PresenceTier.Unverified, failed.PresenceTier);
        Assert.Contains(ReasonCodes.LookupFailed, failed.ReasonCodes);
        Assert.Contains("XApi__BearerToken", failed.FailureReason, StringComparison.Ordinal);
        var ready = await x.Factory.CreateClient().GetAsync("/health/ready");
        var health = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", (string?)JsonNode.Parse(health)!["checks"]!["x_api"]!["status"]);
        Assert.Contains("misconfigured", health, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeXApi.Token, body + health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoPostOrBioTextIsStoredAnywhere()
    {
        const string marker = "zanzibarquokka";
        await using var x = await XApiHarness.StartAsync(api);
        var account = x.X.Add("camille_m");
        account.Bio = $"Kubernetes person, {marker} fan";
        account.Posts.AddRange(Enumerable.Range(0, 30).Select(i =>
            new FakePost($"kubernetes {marker} number {i}", DateTimeOffset.UtcNow.AddDays(-i - 1), i % 3 == 0 ? "replied_to" : null)));
        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();
        await x.ProcessAsync();
        Assert.Equal(AssessmentStatus.Completed, (await http.GetAssessmentAsync(pending.Id)).Status);

        var columns = await x.ScalarAsync<string[]>("""
            select array_agg(format('select count(*) from %I.%I where %I::text ilike ''%%%s%%''', table_schema, table_name, column_name, @marker))
            from information_schema.columns
            where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
            """, new { marker });
        Assert.True(columns.Length > 20, "every text column of every table is searched");
        foreach (var query in columns)
        {
            Assert.Equal(0L, await x.ScalarAsync<long>(query));
        }
    }
}
