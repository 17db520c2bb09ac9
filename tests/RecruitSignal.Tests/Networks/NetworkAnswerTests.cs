using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Networks;

/// <summary>An assessment made under default@2 is answered in one shape wherever it appears, and its handle and evidence are one account's.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class NetworkAnswerTests(ApiFixture api)
{
    // Declared Bluesky evidence of an engaged professional, X named too but not read (no consent): Bluesky decides.
    private static JsonObject OnBluesky(string externalId) =>
        Requests.EngagedProfessional(externalId).With("candidate.bluesky", "camille.bsky.social")
            .With("evidence.network", "bluesky").With("policyVersion", "default@2");

    [Fact]
    public async Task EveryListingAnswersADefault2AssessmentAsItsOwnGetDoes()
    {
        var tenant = await api.NewTenantAsync();
        var http = tenant.Http;
        var first = await PostAsync(http, OnBluesky("ats-1"));
        var second = await PostAsync(http, OnBluesky("ats-2"));
        var underDefault1 = await PostAsync(http, Requests.EngagedProfessional("ats-3"));
        var candidateId = (string)first["candidateId"]!;

        var one = await GetAsync(http, $"/v1/assessments/{first["id"]}");
        Assert.True(JsonNode.DeepEquals(one, first), "the screening's answer is the GET's");
        var listed = (await GetAsync(http, "/v1/assessments"))["items"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(one, listed.Single(a => (string?)a!["id"] == (string?)one["id"])), "GET /v1/assessments");
        Assert.True(JsonNode.DeepEquals(await GetAsync(http, $"/v1/assessments/{second["id"]}"), listed.Single(a => (string?)a!["id"] == (string?)second["id"])), "a second on the page");
        Assert.True(JsonNode.DeepEquals(one, (await GetAsync(http, $"/v1/candidates/{candidateId}/assessments"))["items"]![0]), "the candidate's assessments");
        Assert.True(JsonNode.DeepEquals(one, (await GetAsync(http, $"/v1/candidates/{candidateId}"))["latestAssessment"]), "the candidate");
        var candidates = (await GetAsync(http, "/v1/candidates"))["items"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(one, candidates.Single(c => (string?)c!["id"] == candidateId)!["latestAssessment"]), "GET /v1/candidates");
        Assert.True(JsonNode.DeepEquals(one, (await GetAsync(http, $"/v1/candidates/{candidateId}/export"))["assessments"]![0]), "the export");

        var plain = listed.Single(a => (string?)a!["id"] == (string?)underDefault1["id"])!.AsObject();
        Assert.False(plain.ContainsKey("networks"));
        Assert.False(plain["handle"]!.AsObject().ContainsKey("network"));
        Assert.False(plain["evidence"]!.AsObject().ContainsKey("network"));
    }

    [Fact]
    public async Task TheHandleAndEvidenceOfADefault2AnswerAreTheDecidingNetworks()
    {
        var tenant = await api.NewTenantAsync();
        var answer = await PostAsync(tenant.Http, OnBluesky("ats-1"));

        var networks = answer["networks"]!.AsArray();
        Assert.Equal(["x", "bluesky"], networks.Select(n => (string?)n!["network"]));
        Assert.Equal(("not_read", "found"), ((string?)networks[0]!["status"], (string?)networks[1]!["status"]));
        Assert.Equal((int?)networks[1]!["score"], (int?)answer["score"]);
        Assert.Equal(("camille.bsky.social", "bluesky"), ((string?)answer["handle"]!["username"], (string?)answer["handle"]!["network"]));
        Assert.Equal("bluesky", (string?)answer["evidence"]!["network"]);
        Assert.Equal((string?)networks[1]!["evidence"]!["id"], (string?)answer["evidence"]!["id"]);
    }

    [Fact]
    public async Task WhileNoNetworkDecidesTheHandleIsTheFirstNamedAndHasNoOtherNetworksEvidence()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional("ats-1").With("candidate.bluesky", "camille.bsky.social").With("policyVersion", "default@2")
            .With("evidence", new JsonObject { ["network"] = "bluesky", ["status"] = "suspended" });

        var answer = await PostAsync(tenant.Http, body);

        Assert.Equal("unverified", (string?)answer["presenceTier"]);
        Assert.Equal(("camille_m", "x"), ((string?)answer["handle"]!["username"], (string?)answer["handle"]!["network"]));
        Assert.Null(answer["evidence"]);
    }

    private static async Task<JsonObject> PostAsync(HttpClient http, JsonObject body)
    {
        var response = await http.PostAsJsonAsync("/v1/screenings", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<JsonObject> GetAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
