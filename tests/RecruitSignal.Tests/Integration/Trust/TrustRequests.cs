using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Tests.Integration.Trust;

/// <summary>Bodies and calls of the trust endpoints (policies, reviews, rights, audit), as an ATS would make them.</summary>
public static class TrustRequests
{
    /// <summary>default@1's parameters under a new name; bend one field at a time with <see cref="Requests.With"/>.</summary>
    public static JsonObject Policy(string name) => new()
    {
        ["name"] = name,
        ["weights"] = new JsonObject { ["presence"] = 10, ["recency"] = 25, ["cadence"] = 20, ["conversation"] = 15, ["authorship"] = 10, ["relevance"] = 20, ["followers"] = 0 },
        ["tiers"] = new JsonObject { ["relayerRepostShare"] = 0.6, ["minAuthoredPosts"] = 6, ["engagedMinOriginalPosts"] = 3, ["engagedMinReplies"] = 5 },
        ["active"] = new JsonObject { ["maxDaysSinceAuthoredPost"] = 30, ["minRelevantOriginalPosts"] = 1 },
        ["scales"] = new JsonObject
        {
            ["recencyFullPointsWithinDays"] = 7, ["cadenceFullPointsPostsPer30Days"] = 8, ["conversationFullPointsReplies"] = 10,
            ["relevanceBioShare"] = 0.4, ["relevanceFullPointsPostShare"] = 0.5,
        },
        ["bands"] = new JsonObject { ["strong"] = 70, ["moderate"] = 40, ["weak"] = 1 },
    };

    /// <summary>A policy that rewards mere presence: anyone with an account scores at least 60.</summary>
    public static JsonObject PresenceHeavyPolicy(string name) => Policy(name)
        .With("weights", new JsonObject { ["presence"] = 60, ["recency"] = 10, ["cadence"] = 10, ["conversation"] = 5, ["authorship"] = 5, ["relevance"] = 10, ["followers"] = 0 });

    public static Task<HttpResponseMessage> PostAsync(this TenantClient tenant, string path, JsonObject? body = null) =>
        body is null ? tenant.Http.PostAsync(path, null) : tenant.Http.PostAsJsonAsync(path, body);

    public static async Task<AssessmentResponse> ScreenOkAsync(this TenantClient tenant, JsonObject body)
    {
        var response = await tenant.ScreenAsync(body);
        response.EnsureSuccessStatusCode();
        return await response.ReadAssessmentAsync();
    }

    public static async Task<string> CreatePolicyAsync(this TenantClient tenant, JsonObject body)
    {
        var response = await tenant.PostAsync("/v1/policies", body);
        response.EnsureSuccessStatusCode();
        return (string)(await response.ReadAsync<JsonObject>())["version"]!;
    }

    /// <summary>Records holding lists compare by reference; their JSON compares by value.</summary>
    public static void AssertSame(AssessmentResponse expected, AssessmentResponse actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, Json.Options), JsonSerializer.Serialize(actual, Json.Options));

    public static async Task<AssessmentResponse> GetAssessmentAsync(this TenantClient tenant, Guid id) =>
        await (await tenant.Http.GetAsync($"/v1/assessments/{id}")).ReadAssessmentAsync();
}
