using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Tests.Integration;

/// <summary>Screening bodies as an ATS would send them, easy to bend one field at a time.</summary>
public static class Requests
{
    public static readonly DateTimeOffset ObservedAt = DateTimeOffset.UtcNow.AddHours(-1);

    /// <summary>An engaged platform engineer with recent, relevant posts.</summary>
    public static JsonObject EngagedProfessional(string externalId = "ats-1") => new()
    {
        ["candidate"] = new JsonObject
        {
            ["externalId"] = externalId,
            ["fullName"] = "Camille Martin",
            ["email"] = "camille@example.com",
            ["headline"] = "Platform engineer",
            ["twitter"] = "https://x.com/camille_m",
        },
        ["job"] = new JsonObject
        {
            ["externalId"] = "job-1",
            ["title"] = "Senior Platform Engineer",
            ["keywords"] = new JsonArray("kubernetes", "observability"),
        },
        ["evidence"] = new JsonObject
        {
            ["source"] = "declared",
            ["status"] = "found",
            ["observedAt"] = ObservedAt,
            ["windowDays"] = 90,
            ["originalPosts"] = 20,
            ["replies"] = 15,
            ["reposts"] = 5,
            ["lastAuthoredPostAt"] = ObservedAt.AddDays(-2),
            ["followers"] = 1200,
            ["bio"] = "Kubernetes and observability at scale.",
            ["relevantOriginalPosts"] = 12,
        },
    };

    /// <summary>Sets (or, with null, removes) the field at a dotted path such as "evidence.replies".</summary>
    public static JsonObject With(this JsonObject body, string path, JsonNode? value)
    {
        var names = path.Split('.');
        var parent = body;
        foreach (var name in names[..^1])
        {
            parent = parent[name]!.AsObject();
        }

        if (value is null)
        {
            parent.Remove(names[^1]);
        }
        else
        {
            parent[names[^1]] = value;
        }

        return body;
    }

    public static Task<HttpResponseMessage> ScreenAsync(this TenantClient tenant, JsonObject body) =>
        tenant.Http.PostAsJsonAsync("/v1/screenings", body);

    public static async Task<AssessmentResponse> ReadAssessmentAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<AssessmentResponse>(Json.Options))!;

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
}
