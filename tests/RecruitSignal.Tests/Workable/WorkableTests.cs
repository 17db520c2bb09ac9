using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Greenhouse;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Workable;

/// <summary>Workable's loop against the real service: the tests, the order, the email, the candidate page, the PUT back, the report.</summary>
[Collection(CandidatePagesGroup.Name)]
public sealed class WorkableTests(CandidatePagesFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    [Fact]
    public async Task FromAnOrderThroughATypedHandleToAResultPutBackWithAScoreAndTheReport()
    {
        await using var wk = await FakeWorkable.StartAsync(H.BaseUrl);
        var (_, _, key) = await H.WorkableTenantAsync(wk);
        var username = H.ActiveAccount();
        var (email, callback) = (GreenhouseSteps.NewEmail(), wk.NewCallback());

        var tests = await (await wk.ListTestsAsync(key)).ReadAsync<JsonObject>();
        var assessmentId = await (await wk.OrderAsync(key, "default@1", callback, email, WorkableSteps.NewCandidateId())).AssessmentIdAsync();
        var message = await H.EmailToAsync(email);
        var link = CandidatePagesHarness.LinkIn(message);
        wk.Transcript.Line("RecruitSignal -> candidate: email (SMTP)", $"To: <candidate email>; Subject: {message.Subject}", "the link to the candidate page, /c/<token>");
        using var page = new PageSession(H.BaseUrl);
        await page.GetAsync(link);
        var answered = await page.PostAsync($"{link}/handle", "en", [new("handle", "@" + username)]);
        wk.Transcript.Line("candidate -> RecruitSignal: GET /c/<token>, then POST /c/<token>/handle", $"handle=@{username}", $"{(int)answered.StatusCode} to the page that shows the answer");
        var tooEarly = await H.RunWorkableResultsAsync();
        await H.RunLookupsAsync();
        var sent = await H.RunWorkableResultsAsync();
        var result = Assert.Single(wk.Received);
        using var recruiter = new PageSession(H.BaseUrl);
        var resultsUrl = (string)result.Body!["results_url"]!;
        var report = await recruiter.GetAsync(resultsUrl);
        wk.Transcript.Line($"recruiter -> RecruitSignal: GET {resultsUrl}", "(from Workable, no key)", $"{(int)report.StatusCode}: the report page");
        await wk.Transcript.SaveAsync("workable-transcript.txt", text => GreenhouseSteps.Mask(text, email, key, wk.Token));

        Assert.Contains(tests["tests"]!.AsArray(), t => (string?)t!["id"] == "default@1");
        Assert.Equal((0, 1), (tooEarly, sent));
        Assert.True(result.AuthorizationMatched);
        Assert.Equal(200, result.AnsweredWith);
        Assert.Equal("completed", (string?)result.Body["status"]);
        Assert.StartsWith(H.BaseUrl + "/r/", resultsUrl, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Number, result.Body["assessment"]!["score"]!.GetValueKind());
        Assert.Contains("engaged", (string?)result.Body["assessment"]!["summary"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.NotNull(assessmentId);
        Assert.Equal(0, await H.RunWorkableResultsAsync());
        Assert.False(await H.ScalarAsync<bool>("select protected_credential is not null from ats_orders where id = @id", new { id = Guid.Parse(assessmentId) }));
    }

    [Fact]
    public async Task ARefusalIsCompletedWithoutAScoreAndFailuresAreRetriedToExactlyOneSuccess()
    {
        await using var wk = await FakeWorkable.StartAsync(H.BaseUrl);
        var (_, _, key) = await H.WorkableTenantAsync(wk);
        var (email, callback) = (GreenhouseSteps.NewEmail(), wk.NewCallback(500, 503));
        await (await wk.OrderAsync(key, "default@1", callback, email, WorkableSteps.NewCandidateId())).AssessmentIdAsync();
        var link = CandidatePagesHarness.LinkIn(await H.EmailToAsync(email));
        using var page = new PageSession(H.BaseUrl);
        await page.GetAsync(link);
        await page.PostAsync($"{link}/decline", "en");

        var rounds = new List<int>();
        for (var round = 0; round < 5; round++)
        {
            rounds.Add(await H.RunWorkableResultsAsync());
            await Task.Delay(120); // past the test's retry delays (10 ms doubling, capped at 50 ms)
        }

        Assert.Equal([500, 503, 200], wk.Received.Select(r => r.AnsweredWith));
        Assert.Equal([1, 1, 1, 0, 0], rounds);
        var last = wk.Received.Last().Body!;
        Assert.Equal("completed", (string?)last["status"]);
        Assert.Null(last["assessment"]!["score"]);
        Assert.Contains("declined", (string?)last["assessment"]!["summary"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResultStillRefusedAtTheEndOfItsWindowIsGivenUpAndItsTokenDropped()
    {
        await using var wk = await FakeWorkable.StartAsync(H.BaseUrl);
        var (_, _, key) = await H.WorkableTenantAsync(wk);
        var (email, callback) = (GreenhouseSteps.NewEmail(), wk.NewCallback(503, 503, 503));
        var id = Guid.Parse(await (await wk.OrderAsync(key, "default@1", callback, email, WorkableSteps.NewCandidateId())).AssessmentIdAsync());
        var link = CandidatePagesHarness.LinkIn(await H.EmailToAsync(email));
        using var page = new PageSession(H.BaseUrl);
        await page.GetAsync(link);
        await page.PostAsync($"{link}/no-account", "en");

        var first = await H.RunWorkableResultsAsync();
        await H.ScalarAsync<int>("update ats_callbacks set retry_until = now(), next_attempt_at = now() where order_id = @id", new { id });
        var last = await H.RunWorkableResultsAsync();
        var state = await H.RowAsync<(string, int, bool)>("""
            select c.status, c.attempts, o.protected_credential is not null from ats_callbacks c join ats_orders o on o.tenant_id = c.tenant_id and o.id = c.order_id where o.id = @id
            """, new { id });

        Assert.Equal((1, 1), (first, last));
        Assert.Equal(("failed", 2, false), state);
        Assert.Equal(0, await H.RunWorkableResultsAsync());
    }

    [Fact]
    public async Task AReplayedOrderIsTheSameAssessmentWithOneEmailAndACancelledOneSendsNothingBack()
    {
        await using var wk = await FakeWorkable.StartAsync(H.BaseUrl);
        var (tenantId, _, key) = await H.WorkableTenantAsync(wk);
        var (email, candidateId, callback) = (GreenhouseSteps.NewEmail(), WorkableSteps.NewCandidateId(), wk.NewCallback());

        var first = await (await wk.OrderAsync(key, "default@1", callback, email, candidateId)).AssessmentIdAsync();
        var replayed = await (await wk.OrderAsync(key, "default@1", callback, email, candidateId)).AssessmentIdAsync();
        var link = CandidatePagesHarness.LinkIn(await H.EmailToAsync(email));
        await H.Sender.ProcessDueAsync(CancellationToken.None);
        var cancelled = await wk.CancelAsync(key, first);
        var again = await wk.CancelAsync(key, first);
        using var page = new PageSession(H.BaseUrl);
        var opened = await page.GetAsync(link);

        Assert.Equal(first, replayed);
        Assert.Equal(1, H.EmailsTo(email));
        Assert.Equal(1L, await H.ScalarAsync<long>("select count(*) from ats_orders where tenant_id = @tenantId", new { tenantId }));
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (cancelled.StatusCode, again.StatusCode));
        Assert.Equal(HttpStatusCode.Gone, opened.StatusCode);
        Assert.Equal(0, await H.RunWorkableResultsAsync());
        Assert.Empty(wk.Received);
    }

    [Fact]
    public async Task AnotherTenantsKeyAForeignCallbackHostAndAMissingTokenAreRefusedAndWriteNothing()
    {
        await using var wk = await FakeWorkable.StartAsync(H.BaseUrl);
        var (tenantId, admin, key) = await H.WorkableTenantAsync(wk);
        var (_, _, otherKey) = await H.WorkableTenantAsync(wk, "Stranger");
        var (_, notConnectedAdmin, _) = await H.NewTenantAsync("Unconnected");
        var unconnectedKey = (string)(await (await notConnectedAdmin.PostAsJsonAsync("/v1/keys", new JsonObject { ["name"] = "w", ["scopes"] = new JsonArray("workable") }))
            .ReadAsync<JsonObject>())["key"]!;
        var readKey = (string)(await (await admin.PostAsJsonAsync("/v1/keys", new JsonObject { ["name"] = "r", ["scopes"] = new JsonArray("read") })).ReadAsync<JsonObject>())["key"]!;
        var email = GreenhouseSteps.NewEmail();
        var mine = await (await wk.OrderAsync(key, "default@1", wk.NewCallback(), email, WorkableSteps.NewCandidateId())).AssessmentIdAsync();
        var rows = await H.RowsAsync(tenantId);

        var theirCancel = await wk.CancelAsync(otherKey, mine);
        var foreignHost = await wk.OrderAsync(key, "default@1", "https://evil.example.com/spi/v3/assessments/1", email, WorkableSteps.NewCandidateId());
        var unknownTest = await wk.OrderAsync(key, "nope@9", wk.NewCallback(), email, WorkableSteps.NewCandidateId());
        var malformed = await wk.Service.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/integrations/workable/assessments")
        {
            Headers = { Authorization = new("Bearer", key) }, Content = new StringContent("{\"test_id\": [", System.Text.Encoding.UTF8, "application/json"),
        });
        var notConnected = await wk.OrderAsync(unconnectedKey, "default@1", wk.NewCallback(), email, WorkableSteps.NewCandidateId());
        var unscoped = await wk.ListTestsAsync(readKey);

        Assert.Equal(HttpStatusCode.NotFound, theirCancel.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, foreignHost.StatusCode);
        Assert.Contains("Workable__CallbackHosts", (string?)(await foreignHost.ReadAsync<JsonObject>())["errors"]!["callback_url"]![0], StringComparison.Ordinal);
        Assert.Contains("test_id", (await unknownTest.ReadAsync<JsonObject>())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notConnected.StatusCode);
        foreach (var refused in new[] { theirCancel, foreignHost, unknownTest, malformed, notConnected })
        {
            // Workable's shape, not a problem: one line to read, and the fields to blame where there are.
            Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
            Assert.False(string.IsNullOrWhiteSpace((string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]));
        }

        Assert.Contains("not connected", (string?)JsonNode.Parse(await notConnected.Content.ReadAsStringAsync())!["error"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, unscoped.StatusCode);
        Assert.Equal(rows, await H.RowsAsync(tenantId));
    }
}
