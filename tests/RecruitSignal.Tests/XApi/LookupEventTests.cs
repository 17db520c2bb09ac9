using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.XApi;

/// <summary>A lookup that finishes in the background is announced on the same webhook outbox as screenings.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class LookupEventTests(ApiFixture api)
{
    private static readonly Dictionary<string, string?> QuietWebhooks = new()
    {
        ["Webhooks:AllowPrivateTargets"] = "true",
        ["Webhooks:DispatcherEnabled"] = "false", // the events are read from the outbox, not delivered
    };

    [Fact]
    public async Task CompletedLookupIsAnAssessmentCompletedEventInTheOutbox()
    {
        await using var x = await XApiHarness.StartAsync(api, QuietWebhooks);
        x.X.Add("camille_m").Posts.Add(new("Kubernetes notes", DateTimeOffset.UtcNow.AddDays(-1)));
        var (tenantId, http) = await x.NewTenantAsync();
        await http.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hooks", events = new[] { "assessment.created", "assessment.completed" } });
        var pending = await http.ScreenWithConsentAsync();

        Assert.Equal(1, await x.ProcessAsync());

        var events = await EventsAsync(x.ConnectionString, tenantId);
        Assert.Equal(["assessment.created", "assessment.completed"], events.Select(e => e.Type));
        var completed = JsonNode.Parse(events[1].Body)!;
        Assert.Equal(pending.Id.ToString(), (string?)completed["data"]!["id"]);
        Assert.Equal("completed", (string?)completed["data"]!["status"]);
        Assert.NotNull((int?)completed["data"]!["score"]);
    }

    [Fact]
    public async Task WithdrawnConsentIsAnAssessmentFailedEvent()
    {
        await using var x = await XApiHarness.StartAsync(api, QuietWebhooks);
        var (tenantId, http) = await x.NewTenantAsync();
        await http.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hooks", events = new[] { "assessment.failed" } });
        var pending = await http.ScreenWithConsentAsync();

        await http.PostJsonAsync($"/v1/candidates/{pending.CandidateId}/consent", LookupRequests.Withdrawal);

        var events = await EventsAsync(x.ConnectionString, tenantId);
        var failed = Assert.Single(events);
        Assert.Equal("assessment.failed", failed.Type);
        Assert.Equal(nameof(AssessmentStatus.Failed).ToLowerInvariant(), (string?)JsonNode.Parse(failed.Body)!["data"]!["status"]);
    }

    [Fact]
    public async Task APendingAssessmentCannotBeRescoredAndNothingIsWritten()
    {
        await using var x = await XApiHarness.StartAsync(api, QuietWebhooks);
        var (tenantId, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();

        var response = await http.PostAsync($"/v1/assessments/{pending.Id}/rescore", null);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await x.ScalarAsync<long>("select count(*) from assessments where tenant_id = @tenantId", new { tenantId }));
    }

    private static async Task<List<(string Type, string Body)>> EventsAsync(string connectionString, Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return (await connection.QueryAsync<(string, string)>(
            "select type, body::text from webhook_events where tenant_id = @tenantId order by created_at, id", new { tenantId })).ToList();
    }
}
