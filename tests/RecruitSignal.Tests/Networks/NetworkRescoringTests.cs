using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.Integration.Trust;

namespace RecruitSignal.Tests.Networks;

/// <summary>Rescoring scores one stored observation again: it refuses what several networks decided, rather than mix them up.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class NetworkRescoringTests(ApiFixture api)
{
    [Fact]
    public async Task AnAssessmentOrAPolicyOfSeveralNetworksIsNotRescoredAndWritesNothing()
    {
        var tenant = await api.NewTenantAsync();
        var onBluesky = await tenant.ScreenOkAsync(Requests.EngagedProfessional("ats-1").With("candidate.bluesky", "camille.bsky.social")
            .With("evidence.network", "bluesky").With("policyVersion", "default@2"));
        var onX = await tenant.ScreenOkAsync(Requests.EngagedProfessional("ats-2"));
        var rows = await tenant.TotalRowsAsync();

        var fromSeveral = await tenant.Http.PostAsJsonAsync($"/v1/assessments/{onBluesky.Id}/rescore", new JsonObject { ["policyVersion"] = "default@1" });
        var toSeveral = await tenant.Http.PostAsJsonAsync($"/v1/assessments/{onX.Id}/rescore", new JsonObject { ["policyVersion"] = "default@2" });
        var job = await tenant.Http.PostAsJsonAsync("/v1/rescoring-jobs", new JsonObject { ["policyVersion"] = "default@2" });

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.BadRequest), (fromSeveral.StatusCode, toSeveral.StatusCode, job.StatusCode));
        Assert.True((await job.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("policyVersion"));
        Assert.Equal(rows, await tenant.TotalRowsAsync());
    }
}
