using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Assessments;
using RecruitSignal.Lookups;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.XApi;

[Collection(ApiTestGroup.Name)]
public sealed class LookupQueueTests(ApiFixture api)
{
    [Fact]
    public async Task ConcurrentClaimsGetDisjointJobs()
    {
        await using var x = await XApiHarness.StartAsync(api);
        var (_, http) = await x.NewTenantAsync();
        foreach (var i in Enumerable.Range(0, 6))
        {
            await http.PostJsonAsync("/v1/screenings", LookupRequests.HandleOnly($"ats-{i}", $"user_{i}", LookupRequests.Grant));
        }

        var jobs = x.Factory.Services.GetRequiredService<LookupJobs>();
        var now = DateTimeOffset.UtcNow;
        var claims = await Task.WhenAll(
            jobs.ClaimAsync(4, now, TimeSpan.FromMinutes(1), CancellationToken.None),
            jobs.ClaimAsync(4, now, TimeSpan.FromMinutes(1), CancellationToken.None));
        var later = await jobs.ClaimAsync(10, now, TimeSpan.FromMinutes(1), CancellationToken.None);

        var ids = claims.SelectMany(c => c).Select(j => j.Id).ToList();
        Assert.Equal(6, ids.Count);
        Assert.Equal(6, ids.Distinct().Count());
        Assert.Empty(later);
    }

    [Fact]
    public async Task TwoWorkersRunningTogetherLookEachAccountUpOnce()
    {
        await using var x = await XApiHarness.StartAsync(api);
        var (_, http) = await x.NewTenantAsync();
        var pending = new List<Guid>();
        foreach (var i in Enumerable.Range(0, 8))
        {
            x.X.Add($"user_{i}");
            var response = await http.PostJsonAsync("/v1/screenings", LookupRequests.HandleOnly($"ats-{i}", $"user_{i}", LookupRequests.Grant));
            pending.Add((await response.ReadAssessmentAsync()).Id);
        }

        var rounds = await Task.WhenAll(x.ProcessAsync(), x.ProcessAsync());

        Assert.Equal(8, rounds.Sum());
        Assert.All(Enumerable.Range(0, 8), i => Assert.Equal(1, x.X.UserLookups($"user_{i}")));
        foreach (var id in pending)
        {
            Assert.Equal(AssessmentStatus.Completed, (await http.GetAssessmentAsync(id)).Status);
        }
    }

    [Fact]
    public async Task AJobHeldByAWorkerThatDiedIsClaimedAgainOnceItsLockExpires()
    {
        await using var x = await XApiHarness.StartAsync(api);
        x.X.Add("camille_m");
        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();
        var jobs = x.Factory.Services.GetRequiredService<LookupJobs>();

        // A worker claimed the job eleven minutes ago and never came back.
        await x.ScalarAsync<int>("update presence_lookup_jobs set next_attempt_at = now() - interval '1 hour' returning 1");
        var lost = await jobs.ClaimAsync(10, DateTimeOffset.UtcNow - LookupWorker.LockDuration - TimeSpan.FromMinutes(1), LookupWorker.LockDuration, CancellationToken.None);
        var processed = await x.ProcessAsync();

        Assert.Single(lost);
        Assert.Equal(1, processed);
        Assert.Equal(AssessmentStatus.Completed, (await http.GetAssessmentAsync(pending.Id)).Status);
        Assert.Equal(2, await x.ScalarAsync<int>("select attempts from presence_lookup_jobs"));
    }
}
