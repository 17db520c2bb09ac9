using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Integrations.Ashby;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Greenhouse;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Ashby;

/// <summary>Ashby's loop against the real service: assessment.list, assessment.start, the candidate page, assessment.update, cancel.</summary>
[Collection(CandidatePagesGroup.Name)]
public sealed class AshbyTests(CandidatePagesFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    private async Task<(Guid TenantId, string Key)> TenantAsync(FakeAshby ashby, string name = "Acme Recrutement")
    {
        var (tenantId, admin, _) = await H.NewTenantAsync(name);
        var created = await admin.PostAsJsonAsync("/v1/keys", new JsonObject { ["name"] = "ashby", ["scopes"] = new JsonArray("ashby") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/v1/integrations/ashby", new JsonObject { ["apiKey"] = ashby.ApiKey })).StatusCode);
        return (tenantId, (string)(await created.ReadAsync<JsonObject>())["key"]!);
    }

    private Task<int> RunUpdatesAsync() => H.Factory.Services.GetRequiredService<AshbyCallbacks>().ProcessDueAsync(CancellationToken.None);

    private static async Task<string> AssessmentIdAsync(HttpResponseMessage started)
    {
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        return (string)(await started.ReadAsync<JsonObject>())["results"]!["assessment_id"]!;
    }

    private async Task AnswerAsync(string email, string action, params KeyValuePair<string, string>[] form)
    {
        var link = CandidatePagesHarness.LinkIn(await H.EmailToAsync(email));
        using var page = new PageSession(H.BaseUrl);
        await page.GetAsync(link);
        await page.PostAsync($"{link}/{action}", "en", form);
    }

    // Ashby's error response (success false, errors, errorInfo) with the message its 422 shows the user; its code.
    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage refused, string? saying = null)
    {
        Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
        var body = await refused.ReadAsync<JsonObject>();
        Assert.Equal((false, (string?)body["errorInfo"]!["code"]), ((bool)body["success"]!, (string?)body["errors"]![0]));
        Assert.Contains(saying ?? "", (string?)body["message"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["message"]));
        return (string?)body["errorInfo"]!["code"];
    }

    [Fact]
    public async Task FromAStartThroughATypedHandleToAnUpdateWithAScoreAndTheReport()
    {
        await using var ashby = await FakeAshby.StartAsync(H.BaseUrl, H.AshbyPort);
        var (_, key) = await TenantAsync(ashby);
        var (email, username) = (GreenhouseSteps.NewEmail(), H.ActiveAccount());

        var list = await (await ashby.ListAsync(key)).ReadAsync<JsonObject>();
        var id = await AssessmentIdAsync(await ashby.StartAssessmentAsync(key, "default@1", Guid.NewGuid().ToString(), email));
        await AnswerAsync(email, "handle", new KeyValuePair<string, string>("handle", "@" + username));
        ashby.Transcript.Line("candidate -> RecruitSignal: the emailed link /c/<token>, then POST /c/<token>/handle", $"handle=@{username}", "the page that shows the answer");
        var tooEarly = await RunUpdatesAsync();
        await H.RunLookupsAsync();
        var sent = await RunUpdatesAsync();
        var update = Assert.Single(ashby.Updates);
        var reportUrl = (string)update.Body["assessment_profile_url"]!["value"]!;
        using var recruiter = new PageSession(H.BaseUrl);
        var report = await recruiter.GetAsync(reportUrl);
        ashby.Transcript.Line($"recruiter -> RecruitSignal: GET {reportUrl}", "(from Ashby, no key)", $"{(int)report.StatusCode}: the report page");
        await ashby.Transcript.SaveAsync("ashby-transcript.txt", text => GreenhouseSteps.Mask(text, email, key, ashby.ApiKey));

        Assert.Contains(list["results"]!.AsArray(), t => (string?)t!["assessment_type_id"] == "default@1");
        Assert.Equal((0, 1), (tooEarly, sent));
        Assert.True(update.AuthorizationMatched);
        Assert.Equal(200, update.AnsweredWith);
        Assert.Equal(id, (string?)update.Body["assessment_id"]);
        Assert.Equal("Completed", (string?)update.Body["assessment_status"]!["value"]);
        Assert.Equal(("score", "numeric_score", JsonValueKind.Number), ((string?)update.Body["assessment_result"]!["identifier"], (string?)update.Body["assessment_result"]!["type"], update.Body["assessment_result"]!["value"]!.GetValueKind()));
        Assert.All(update.Body["metadata"]!.AsArray(), m => Assert.NotNull(m!["identifier"]));
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
    }

    [Fact]
    public async Task ARefusalIsCompletedWithoutAScoreAfter500sWithExactlyOneSuccess()
    {
        await using var ashby = await FakeAshby.StartAsync(H.BaseUrl, H.AshbyPort, 500, 503);
        var (_, key) = await TenantAsync(ashby);
        var email = GreenhouseSteps.NewEmail();
        await AssessmentIdAsync(await ashby.StartAssessmentAsync(key, "default@1", Guid.NewGuid().ToString(), email));
        await AnswerAsync(email, "decline");

        var rounds = new List<int>();
        for (var round = 0; round < 5; round++)
        {
            rounds.Add(await RunUpdatesAsync());
            await Task.Delay(120); // past the test's retry delays (10 ms doubling, capped at 50 ms)
        }

        Assert.Equal([500, 503, 200], ashby.Updates.Select(u => u.AnsweredWith));
        Assert.Equal([1, 1, 1, 0, 0], rounds);
        var result = ashby.Updates.Last().Body["assessment_result"]!;
        Assert.Equal(("string", "No score"), ((string?)result["type"], (string?)result["value"]));
    }

    [Fact]
    public async Task AnUpdateStillRefusedAtTheEndOfItsWindowIsGivenUpAndTheKeyDropped()
    {
        await using var ashby = await FakeAshby.StartAsync(H.BaseUrl, H.AshbyPort, 503, 503, 503);
        var (_, key) = await TenantAsync(ashby);
        var email = GreenhouseSteps.NewEmail();
        var id = Guid.Parse(await AssessmentIdAsync(await ashby.StartAssessmentAsync(key, "default@1", Guid.NewGuid().ToString(), email)));
        await AnswerAsync(email, "no-account");

        var first = await RunUpdatesAsync();
        await H.ScalarAsync<int>("update ats_callbacks set retry_until = now(), next_attempt_at = now() where order_id = @id", new { id });
        var last = await RunUpdatesAsync();

        Assert.Equal((1, 1), (first, last));
        Assert.Equal(("failed", 2, false), await H.RowAsync<(string, int, bool)>("""
            select c.status, c.attempts, o.protected_credential is not null from ats_callbacks c join ats_orders o on o.tenant_id = c.tenant_id and o.id = c.order_id where o.id = @id
            """, new { id }));
    }

    [Fact]
    public async Task ASecondStartIsTheSameAssessmentWithOneEmailAndACancelTellsAshbyOnceAndIsClosedToOtherTenants()
    {
        await using var ashby = await FakeAshby.StartAsync(H.BaseUrl, H.AshbyPort);
        var (tenantId, key) = await TenantAsync(ashby);
        var (_, otherKey) = await TenantAsync(ashby, "Stranger");
        var (email, candidateId) = (GreenhouseSteps.NewEmail(), Guid.NewGuid().ToString());

        var first = await AssessmentIdAsync(await ashby.StartAssessmentAsync(key, "default@1", candidateId, email));
        var second = await AssessmentIdAsync(await ashby.StartAssessmentAsync(key, "default@1", candidateId, email));
        var link = CandidatePagesHarness.LinkIn(await H.EmailToAsync(email));
        await H.Sender.ProcessDueAsync(CancellationToken.None);
        var theirs = await ashby.CancelAsync(otherKey, first);
        var cancelled = await ashby.CancelAsync(key, first);
        var again = await ashby.CancelAsync(key, first);
        var told = await RunUpdatesAsync();
        using var page = new PageSession(H.BaseUrl);
        var opened = await page.GetAsync(link);
        var malformed = await ashby.Service.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/integrations/ashby/assessment.start")
        {
            Headers = { Authorization = FakeGreenhouse.Basic(key) }, Content = new StringContent("{\"candidate\": 7", System.Text.Encoding.UTF8, "application/json"),
        });
        var bearer = await ashby.Service.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/integrations/ashby/assessment.list") { Headers = { Authorization = new("Bearer", key) } });
        var (_, unconnected, _) = await H.NewTenantAsync("Unconnected");
        var unconnectedKey = (string)(await (await unconnected.PostAsJsonAsync("/v1/keys", new JsonObject { ["name"] = "a", ["scopes"] = new JsonArray("ashby") })).ReadAsync<JsonObject>())["key"]!;
        var notConnected = await ashby.StartAssessmentAsync(unconnectedKey, "default@1", candidateId, email);

        Assert.Equal(first, second);
        Assert.Equal(1, H.EmailsTo(email));
        Assert.Equal(1L, await H.ScalarAsync<long>("select count(*) from ats_orders where tenant_id = @tenantId", new { tenantId }));
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal("not_found", await ErrorCodeAsync(theirs));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (cancelled.StatusCode, again.StatusCode));
        Assert.Equal(1, told);
        var update = Assert.Single(ashby.Updates);
        Assert.Equal(first, (string?)update.Body["assessment_id"]);
        Assert.NotNull(update.Body["cancelled_reason"]!["value"]);
        Assert.Equal(HttpStatusCode.Gone, opened.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, malformed.StatusCode);
        Assert.Equal("invalid_input", await ErrorCodeAsync(malformed));
        Assert.Equal(HttpStatusCode.Unauthorized, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notConnected.StatusCode);
        Assert.Equal("not_connected", await ErrorCodeAsync(notConnected));
    }

    [Fact]
    public async Task AStartIsRefusedInAshbysWordsWhenItsApiIsAPrivateAddressAndWritesNothing()
    {
        var server = new PostgresServer();
        await server.InitializeAsync();
        // Ashby__ApiUrl on this machine without Ashby__AllowPrivateTargets: the SSRF guard refuses the one host results go to.
        var guarded = await CandidatePagesHarness.StartAsync(server, background: false, extra: new Dictionary<string, string?>
        {
            ["Ashby:ApiUrl"] = "https://127.0.0.1:9",
            ["Ashby:AllowPrivateTargets"] = "false",
        });
        try
        {
            await using var ashby = await FakeAshby.StartAsync(guarded.BaseUrl, guarded.AshbyPort);
            var (tenantId, admin, _) = await guarded.NewTenantAsync("Guarded");
            var key = (string)(await (await admin.PostAsJsonAsync("/v1/keys", new JsonObject { ["name"] = "a", ["scopes"] = new JsonArray("ashby") })).ReadAsync<JsonObject>())["key"]!;
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/v1/integrations/ashby", new JsonObject { ["apiKey"] = ashby.ApiKey })).StatusCode);
            var rows = await guarded.RowsAsync(tenantId);
            var email = GreenhouseSteps.NewEmail();

            var refused = await ashby.StartAssessmentAsync(key, "default@1", Guid.NewGuid().ToString(), email);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("unavailable", await ErrorCodeAsync(refused, saying: "Ashby cannot be called back"));
            Assert.Equal(rows, await guarded.RowsAsync(tenantId));
            Assert.Equal(0, guarded.EmailsTo(email));
        }
        finally
        {
            await guarded.DisposeAsync();
            await server.DisposeAsync();
        }
    }
}
