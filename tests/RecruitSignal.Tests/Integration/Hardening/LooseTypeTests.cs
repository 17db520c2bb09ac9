using System.Net;
using System.Text.Json.Nodes;
using RecruitSignal.Tests.Integration.Trust;

namespace RecruitSignal.Tests.Integration.Hardening;

/// <summary>Issue 13, item 6: numbers are JSON numbers within their documented range, and a key is sent once.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class LooseTypeTests(ApiFixture api)
{
    [Theory]
    [InlineData("evidence.replies", "\"12\"")]
    [InlineData("evidence.originalPosts", "\"20\"")]
    [InlineData("evidence.windowDays", "\"90\"")]
    [InlineData("evidence.followers", "\"1200\"")]
    [InlineData("evidence.replies", "\"NaN\"")]
    [InlineData("evidence.replies", "12.0")]
    [InlineData("evidence.replies", "1.2e1")]
    public async Task ANumberWrittenAsAStringOrAsAFloatIsRefusedNamingTheField(string field, string json)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.ScreenAsync(Requests.EngagedProfessional().With(field, JsonNode.Parse(json)));

        await response.AssertRefusedNamingAsync(field);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Fact]
    public async Task RetentionDaysAndPolicyNumbersWrittenAsStringsAreRefused()
    {
        var tenant = await api.NewTenantAsync();

        var retention = await tenant.PutRawAsync("/v1/settings/retention", """{"days": "365"}""");
        var policy = await tenant.PostAsync("/v1/policies", TrustRequests.Policy("loose").With("tiers.minAuthoredPosts", "6"));

        await retention.AssertRefusedNamingAsync("days");
        await policy.AssertRefusedNamingAsync("tiers.minAuthoredPosts");
        Assert.Equal(730, (int)(await (await tenant.Http.GetAsync("/v1/settings/retention")).ReadAsync<JsonObject>())["days"]!);
    }

    [Theory]
    [InlineData("evidence.followers")]
    [InlineData("evidence.originalPosts")]
    [InlineData("evidence.replies")]
    [InlineData("evidence.reposts")]
    [InlineData("evidence.relevantOriginalPosts")]
    public async Task EveryCountAboveTheDocumentedMillionIsRefused(string field)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.ScreenAsync(Requests.EngagedProfessional().With(field, 1_000_001));

        await response.AssertRefusedNamingAsync(field);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Fact]
    public async Task EveryCountAtTheMillionIsAccepted()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional();
        foreach (var field in new[] { "followers", "originalPosts", "replies", "reposts", "relevantOriginalPosts" })
        {
            body.With($"evidence.{field}", 1_000_000);
        }

        var response = await tenant.ScreenAsync(body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1_000_000, (await response.ReadAssessmentAsync()).Evidence!.Followers);
    }

    [Theory]
    [InlineData("""{"candidate": {"externalId": "a", "externalId": "b"}}""", "candidate.externalId")]
    [InlineData("""{"candidate": {"externalId": "a", "ExternalId": "b"}}""", "candidate.externalId")]
    [InlineData("""{"candidate": {"externalId": "a"}, "CANDIDATE": {"externalId": "b"}}""", "candidate")]
    [InlineData("""{"candidate": {"externalId": "a", "twitter": "camille_m"}, "evidence": {"status": "found", "replies": 1, "replies": 900, "originalPosts": 1, "reposts": 0}}""", "evidence.replies")]
    public async Task AKeySentTwiceEvenInAnotherCaseIsRefusedNamingTheKey(string json, string field)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.PostRawAsync("/v1/screenings", json);

        var problem = await response.AssertRefusedNamingAsync(field);
        Assert.Contains("more than once", string.Join(" ", problem.Errors.Values.SelectMany(m => m)), StringComparison.Ordinal);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }
}
