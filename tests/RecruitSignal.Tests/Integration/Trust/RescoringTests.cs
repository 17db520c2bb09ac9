using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Assessments;
using RecruitSignal.Candidates;
using RecruitSignal.Rescoring;
using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Integration.Trust;

[Collection(ApiTestGroup.Name)]
public sealed class RescoringTests(ApiFixture api)
{
    [Fact]
    public async Task RescoringCreatesANewAssessmentFromTheSameEvidenceAndKeepsTheOld()
    {
        var tenant = await api.NewTenantAsync();
        var original = await tenant.ScreenOkAsync(Requests.EngagedProfessional());
        var version = await tenant.CreatePolicyAsync(TrustRequests.PresenceHeavyPolicy("rescore"));

        var sameAgain = await tenant.PostAsync($"/v1/assessments/{original.Id}/rescore");
        var withNew = await tenant.PostAsync($"/v1/assessments/{original.Id}/rescore", new JsonObject { ["policyVersion"] = version });

        Assert.Equal(HttpStatusCode.Created, sameAgain.StatusCode);
        var reproduced = await sameAgain.ReadAssessmentAsync();
        var rescored = await withNew.ReadAssessmentAsync();
        Assert.Equal($"/v1/assessments/{rescored.Id}", withNew.Headers.Location!.OriginalString);
        // Same evidence, same policy: the same result, as a new assessment.
        Assert.NotEqual(original.Id, reproduced.Id);
        Assert.Equal((original.Score, original.Band, original.PresenceTier), (reproduced.Score, reproduced.Band, reproduced.PresenceTier));
        Assert.Equal(original.Factors, reproduced.Factors);
        Assert.Equal(original.ReasonCodes, reproduced.ReasonCodes);
        Assert.Equal(version, rescored.PolicyVersion);
        Assert.Equal(original.Evidence!.Id, rescored.Evidence!.Id);
        Assert.Equal(original.AssessedAt, rescored.AssessedAt);
        Assert.Equal(original.CandidateId, rescored.CandidateId);
        TrustRequests.AssertSame(original, await tenant.GetAssessmentAsync(original.Id));
        var history = await (await tenant.Http.GetAsync($"/v1/candidates/{original.CandidateId}/assessments")).ReadAsync<AssessmentList>();
        Assert.Equal([rescored.Id, reproduced.Id, original.Id], history.Items.Select(a => a.Id));
        Assert.Equal(1, (await api.RowCountsAsync(tenant.TenantId))["presence_observations"]);
    }

    [Fact]
    public async Task RescoringAnotherTenantsAssessmentOrWithAnUnknownPolicyIsRefused()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var assessment = await tenant.ScreenOkAsync(Requests.EngagedProfessional());

        var foreign = await other.PostAsync($"/v1/assessments/{assessment.Id}/rescore");
        var unknown = await tenant.PostAsync($"/v1/assessments/{assessment.Id}/rescore", new JsonObject { ["policyVersion"] = "nope@1" });

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(1, (await api.RowCountsAsync(tenant.TenantId))["assessments"]);
    }

    [Fact]
    public async Task BulkRescoringRunsInChunksAndIsObservable()
    {
        await using var factory = new ApiFactory(await api.Server.CreateDatabaseAsync(), new Dictionary<string, string?>
        {
            ["Rescoring:Enabled"] = "false",
            ["Rescoring:BatchSize"] = "2",
            ["Retention:Enabled"] = "false",
        });
        var tenant = await NewTenantAsync(factory);
        var screened = new List<AssessmentResponse>();
        foreach (var externalId in new[] { "a", "b", "c" })
        {
            screened.Add(await tenant.ScreenOkAsync(Requests.EngagedProfessional(externalId)));
        }

        var version = await tenant.CreatePolicyAsync(TrustRequests.PresenceHeavyPolicy("bulk"));
        var started = await tenant.PostAsync("/v1/rescoring-jobs", new JsonObject { ["policyVersion"] = version });
        var queued = await started.ReadAsync<RescoringJobResponse>();
        var worker = factory.Services.GetRequiredService<RescoringWorker>();
        Assert.True(await worker.ProcessOnceAsync(CancellationToken.None));
        var halfway = await (await tenant.Http.GetAsync(started.Headers.Location)).ReadAsync<RescoringJobResponse>();
        Assert.True(await worker.ProcessOnceAsync(CancellationToken.None));
        var done = await (await tenant.Http.GetAsync(started.Headers.Location)).ReadAsync<RescoringJobResponse>();

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal((RescoringJobStatus.Queued, 3, 0), (queued.Status, queued.Total, queued.Processed));
        Assert.Equal((RescoringJobStatus.Running, 2), (halfway.Status, halfway.Processed));
        Assert.Equal((RescoringJobStatus.Completed, 3), (done.Status, done.Processed));
        Assert.NotNull(done.CompletedAt);
        Assert.False(await worker.ProcessOnceAsync(CancellationToken.None));
        foreach (var original in screened)
        {
            var history = await (await tenant.Http.GetAsync($"/v1/candidates/{original.CandidateId}/assessments")).ReadAsync<AssessmentList>();
            Assert.Equal([version, ScoringPolicy.DefaultVersion], history.Items.Select(a => a.PolicyVersion));
            TrustRequests.AssertSame(original, history.Items[1]);
        }
    }

    internal static async Task<TenantClient> NewTenantAsync(ApiFactory factory)
    {
        var created = await factory.Services.GetRequiredService<RecruitSignal.Tenants.TenantStore>().CreateAsync($"own-database-{Guid.NewGuid():N}", CancellationToken.None);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", created.ApiKey);
        return new TenantClient(created.TenantId, client, null!);
    }
}
