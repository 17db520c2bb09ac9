using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Integrations.Workable;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Workable;

/// <summary>A tenant connected to a fake Workable, and the result loop's rounds.</summary>
public static class WorkableSteps
{
    /// <summary>A tenant, its admin client, a key with the <c>workable</c> scope only, and Workable's token given to the service.</summary>
    public static async Task<(Guid TenantId, HttpClient Admin, string Key)> WorkableTenantAsync(this CandidatePagesHarness h, FakeWorkable workable, string name = "Acme Recrutement")
    {
        var (tenantId, admin, _) = await h.NewTenantAsync(name);
        var created = await admin.PostAsJsonAsync("/v1/keys", new JsonObject { ["name"] = "workable", ["scopes"] = new JsonArray("workable") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var connected = await admin.PutAsJsonAsync("/v1/integrations/workable", new JsonObject { ["token"] = workable.Token });
        Assert.Equal(HttpStatusCode.OK, connected.StatusCode);
        Assert.DoesNotContain(workable.Token, await connected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        return (tenantId, admin, (string)(await created.ReadAsync<JsonObject>())["key"]!);
    }

    public static Task<int> RunWorkableResultsAsync(this CandidatePagesHarness h) =>
        h.Factory.Services.GetRequiredService<WorkableCallbacks>().ProcessDueAsync(CancellationToken.None);

    public static async Task<string> AssessmentIdAsync(this HttpResponseMessage ordered, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.Equal(expected, ordered.StatusCode);
        return (string)(await ordered.ReadAsync<JsonObject>())["assessment_id"]!;
    }

    public static string NewCandidateId() => Random.Shared.NextInt64(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
