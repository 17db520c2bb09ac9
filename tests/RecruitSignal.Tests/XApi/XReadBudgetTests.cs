using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Assessments;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.XApi;

/// <summary>The monthly cap on X reads per tenant, counted from the calls the fake X really received.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class XReadBudgetTests(ApiFixture api)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task ReadsAreCountedFromTheCallsMadeAndALookupPastTheCapWaitsWithoutSpending()
    {
        await using var x = await XApiHarness.StartAsync(api);
        x.X.Add("camille_m").Posts.AddRange(Enumerable.Range(0, 150).Select(i => new FakePost($"post {i}", Now.AddHours(-i - 1))));
        x.X.Add("other_dev").Posts.Add(new FakePost("kubernetes", Now.AddDays(-1)));
        var (_, http) = await x.NewTenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync("/v1/settings/x-reads", new { monthlyReads = 4 })).StatusCode);

        var first = await http.ScreenWithConsentAsync();
        await x.ProcessAsync();
        var second = await (await http.PostJsonAsync("/v1/screenings",
            LookupRequests.HandleOnly("ats-2", "other_dev", LookupRequests.Grant))).ReadAssessmentAsync();
        await x.ProcessAsync();

        Assert.Equal(AssessmentStatus.Completed, (await http.GetAssessmentAsync(first.Id)).Status); // 1 user read + 2 pages
        Assert.Equal(4, x.X.Requests.Count); // the second lookup made its user read, then met the cap before a page
        var waiting = await http.GetAssessmentAsync(second.Id);
        Assert.Equal(AssessmentStatus.BudgetExhausted, waiting.Status);
        Assert.Contains(ReasonCodes.XReadBudgetExhausted, waiting.ReasonCodes);
        Assert.DoesNotContain(ReasonCodes.LookupPending, waiting.ReasonCodes);
        var budget = await ReadBudgetAsync(http);
        Assert.Equal((4, 4, "tenant", 0), ((int)budget["reads"]!, (int)budget["monthlyReads"]!, (string)budget["capSource"]!, (int)budget["remaining"]!));
        Assert.Equal("budget_exhausted", await x.ScalarAsync<string>("select status from presence_lookup_jobs where assessment_id = @id", new { id = second.Id }));

        await x.ProcessAsync(); // nothing left: the waiting lookup stays out of the queue and costs nothing
        Assert.Equal(4, x.X.Requests.Count);
    }

    [Fact]
    public async Task AHigherCapResumesTheWaitingLookup()
    {
        await using var x = await XApiHarness.StartAsync(api, new Dictionary<string, string?> { ["XApi:MonthlyReadsPerTenant"] = "0" });
        x.X.Add("camille_m").Posts.Add(new FakePost("kubernetes", Now.AddDays(-1)));
        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();

        await x.ProcessAsync();
        Assert.Equal(AssessmentStatus.BudgetExhausted, (await http.GetAssessmentAsync(pending.Id)).Status);
        Assert.Empty(x.X.Requests);
        Assert.Equal("service", (string?)(await ReadBudgetAsync(http))["capSource"]);

        await http.PutAsJsonAsync("/v1/settings/x-reads", new { monthlyReads = 10 });
        await x.ProcessAsync();

        var done = await http.GetAssessmentAsync(pending.Id);
        Assert.Equal(AssessmentStatus.Completed, done.Status);
        Assert.Equal(2, (int)(await ReadBudgetAsync(http))["reads"]!);
        Assert.Equal(2, x.X.Requests.Count);
    }

    [Fact]
    public async Task WithdrawingConsentStopsAWaitingLookup()
    {
        await using var x = await XApiHarness.StartAsync(api, new Dictionary<string, string?> { ["XApi:MonthlyReadsPerTenant"] = "0" });
        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();
        await x.ProcessAsync();

        await http.PostJsonAsync($"/v1/candidates/{pending.CandidateId}/consent", LookupRequests.Withdrawal);

        var failed = await http.GetAssessmentAsync(pending.Id);
        Assert.Equal(AssessmentStatus.Failed, failed.Status);
        Assert.Contains(ReasonCodes.NoConsentForLookup, failed.ReasonCodes);
        Assert.DoesNotContain(ReasonCodes.XReadBudgetExhausted, failed.ReasonCodes);
    }

    [Fact]
    public async Task ACapOutOfRangeIs400NamingTheField()
    {
        await using var x = await XApiHarness.StartAsync(api);
        var (_, http) = await x.NewTenantAsync();

        var response = await http.PutAsJsonAsync("/v1/settings/x-reads", new { monthlyReads = -1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["monthlyReads"]);
        Assert.Equal("none", (string?)(await ReadBudgetAsync(http))["capSource"]);
    }

    private static async Task<JsonObject> ReadBudgetAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonObject>("/v1/settings/x-reads"))!;
}
