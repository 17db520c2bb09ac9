using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.Integration.Trust;

namespace RecruitSignal.Tests.Networks;

/// <summary>Rescoring scores stored observations again: an assessment that read X alone has none for the other networks a policy reads.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class NetworkRescoringTests(ApiFixture api)
{
    [Fact]
    public async Task AnAssessmentOfXAloneIsNotRescoredUnderAPolicyOfSeveralNetworksAndWritesNothing()
    {
        var tenant = await api.NewTenantAsync();
        var onX = await tenant.ScreenOkAsync(Requests.EngagedProfessional("ats-2"));
        var rows = await tenant.TotalRowsAsync();

        var toSeveral = await tenant.Http.PostAsJsonAsync($"/v1/assessments/{onX.Id}/rescore", new JsonObject { ["policyVersion"] = "default@2" });

        Assert.Equal(HttpStatusCode.Conflict, toSeveral.StatusCode);
        Assert.Equal(rows, await tenant.TotalRowsAsync());
    }
}
