using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Demographics;
using RecruitSignal.Fairness;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.Integration.Trust;

namespace RecruitSignal.Tests.Fairness;

[Collection(ApiTestGroup.Name)]
public sealed class JurisdictionTests(ApiFixture api)
{
    [Fact]
    public async Task RaceOrEthnicityIsRefusedOutsideNewYorkWithAProblemThatSaysWhy()
    {
        var tenant = await api.NewTenantAsync();
        var candidate = await tenant.ScreenOkAsync(Requests.EngagedProfessional("j-1"));
        var url = $"/v1/candidates/{candidate.CandidateId}/demographics";

        var initial = await (await tenant.Http.GetAsync("/v1/settings/jurisdiction")).ReadAsync<JurisdictionSettings>();
        var refused = await tenant.Http.PutAsJsonAsync(url, new { sex = "female", raceEthnicity = "asian" });
        var refusedDeclined = await tenant.Http.PutAsJsonAsync(url, new { raceEthnicity = "declined" });
        var withoutRace = await tenant.Http.PutAsJsonAsync(url, new { sex = "female", ageBand = "under_40" });

        Assert.Equal("eu", initial.Profile);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.ReadAsync<JsonObject>();
        Assert.Contains("'eu'", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains("Art 9", (string)problem["errors"]!["raceEthnicity"]![0]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refusedDeclined.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withoutRace.StatusCode);
    }

    [Fact]
    public async Task NewYorkCollectsRaceAndLeavingItErasesWhatWasHeldAndEachChangeIsAudited()
    {
        var tenant = await api.NewTenantAsync();
        var candidate = await tenant.ScreenOkAsync(Requests.EngagedProfessional("j-2"));
        var url = $"/v1/candidates/{candidate.CandidateId}/demographics";

        var bad = await tenant.Http.PutAsJsonAsync("/v1/settings/jurisdiction", new { profile = "us" });
        var nyc = await tenant.Http.PutAsJsonAsync("/v1/settings/jurisdiction", new { profile = "us-nyc" });
        var accepted = await tenant.Http.PutAsJsonAsync(url, new { sex = "male", raceEthnicity = "black_or_african_american", ageBand = "40_to_49" });
        await tenant.Http.PutAsJsonAsync("/v1/settings/jurisdiction", new { profile = "fr" });
        var after = await (await tenant.Http.GetAsync("/v1/settings/jurisdiction")).ReadAsync<JurisdictionSettings>();
        var export = await (await tenant.Http.GetAsync($"/v1/candidates/{candidate.CandidateId}/export")).ReadAsync<Privacy.CandidateExport>();
        var audit = await (await tenant.Http.GetAsync("/v1/audit?after=0&limit=100")).ReadAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, nyc.StatusCode);
        Assert.Equal("black_or_african_american", (await accepted.ReadAsync<DemographicsResponse>()).RaceEthnicity);
        Assert.Equal("fr", after.Profile);
        Assert.Equal(("male", null, "40_to_49"), (export.Demographics?.Sex, export.Demographics?.RaceEthnicity, export.Demographics?.AgeBand));
        Assert.Equal(2, audit["items"]!.AsArray().Count(e => (string?)e!["action"] == "jurisdiction_changed"));
    }
}
