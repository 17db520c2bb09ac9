using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Integrations.Greenhouse;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Greenhouse;

/// <summary>Greenhouse's whole loop against the real service: send_test, the email, the candidate page, the PATCH back, test_status, the report.</summary>
[Collection(CandidatePagesGroup.Name)]
public sealed class GreenhouseLoopTests(CandidatePagesFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    [Fact]
    public async Task FromSendTestThroughATypedHandleToAPatchAScoreAndTheReport()
    {
        var (tenantId, _, key) = await H.TenantAsync("Acme Recrutement");
        await using var gh = await FakeGreenhouse.StartAsync(H.BaseUrl);
        var username = H.ActiveAccount();
        var (email, personId, url) = (GreenhouseSteps.NewEmail(), GreenhouseSteps.NewPersonId(), gh.NewTest(key));

        var tests = await (await gh.ListTestsAsync(key)).ReadAsync<JsonArray>();
        var interviewId = await (await gh.SendTestAsync(key, "default@1", url, email, personId)).InterviewIdAsync();
        var sent = await (await gh.TestStatusAsync(key, interviewId)).ReadAsync<JsonObject>();
        var message = await H.EmailToAsync(email);
        var link = CandidatePagesHarness.LinkIn(message);
        gh.Transcript.Line("RecruitSignal -> candidate: email (SMTP)", $"To: <candidate email>; Subject: {message.Subject}", "the link to the candidate page, /c/<token>");
        using var page = new PageSession(H.BaseUrl);
        var opened = await page.GetAsync(link);
        var inProgress = await (await gh.TestStatusAsync(key, interviewId)).ReadAsync<JsonObject>();
        var answered = await page.PostAsync($"{link}/handle", "en", [new("handle", "@" + username)]);
        gh.Transcript.Line("candidate -> RecruitSignal: GET /c/<token>, then POST /c/<token>/handle", $"handle=@{username}",
            $"{(int)opened.StatusCode}, then {(int)answered.StatusCode} to the page that shows the answer");
        var whileLookingUp = await (await gh.TestStatusAsync(key, interviewId)).ReadAsync<JsonObject>();
        var patchedTooEarly = await H.RunPatchesAsync();
        await H.RunLookupsAsync();
        var patched = await H.RunPatchesAsync();
        var status = await gh.StatusAfterPatchAsync(url);
        using var recruiter = new PageSession(H.BaseUrl);
        var report = await recruiter.GetAsync((string)status["partner_profile_url"]!);
        gh.Transcript.Line($"recruiter -> RecruitSignal: GET {(string)status["partner_profile_url"]!}", "(from Greenhouse, no key)", $"{(int)report.StatusCode} {report.Content.Headers.ContentType}: the report page");
        var reported = await gh.ResponseErrorAsync(key, new JsonObject
        {
            ["api_call"] = "test_status", ["errors"] = new JsonArray("partner_score must be below 101"), ["partner_test_id"] = "default@1",
            ["partner_interview_id"] = interviewId, ["candidate_email"] = email,
        });
        await gh.Transcript.SaveAsync("greenhouse-transcript.txt", text => GreenhouseSteps.Mask(text, email, key));

        Assert.Contains(tests, t => (string?)t!["partner_test_id"] == "default@1" && (string?)t["partner_test_name"] == "Professional presence on X (policy default@1)");
        Assert.Contains(tests, t => (string?)t!["partner_test_id"] == "default@2" && (string?)t["partner_test_name"] == "Professional presence on X, Bluesky and Mastodon (policy default@2)");
        Assert.Equal("""{"partner_status":"sent"}""", sent.ToJsonString());
        Assert.Equal("""{"partner_status":"in_progress"}""", inProgress.ToJsonString());
        Assert.Equal("in_progress", (string?)whileLookingUp["partner_status"]);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Redirect), (opened.StatusCode, answered.StatusCode));
        Assert.Equal((0, 1), (patchedTooEarly, patched));
        Assert.Equal([new ReceivedPatch(FakeGreenhouse.TestIdOf(url), AuthorizationMatched: true, HadBody: false, AnsweredWith: 200)], gh.Patches);
        Assert.Equal("complete", (string?)status["partner_status"]);
        var score = status["partner_score"]!.AsValue();
        Assert.Equal(JsonValueKind.Number, score.GetValueKind());
        Assert.InRange(score.GetValue<int>(), 1, 100);
        Assert.StartsWith(H.BaseUrl + "/r/", (string?)status["partner_profile_url"], StringComparison.Ordinal);
        var metadata = status["metadata"]!.AsObject();
        Assert.All(metadata, entry => Assert.Equal(JsonValueKind.String, entry.Value!.GetValueKind()));
        // Greenhouse sends no job, so there is no relevance term to make the presence professional: never "yes" yet.
        Assert.Equal(("engaged", "no", "claimed", "default@1", TestStatus.Note),
            ((string?)metadata["Presence tier"], (string?)metadata["Active professional presence"], (string?)metadata["Handle ownership"], (string?)metadata["Policy"], (string?)metadata["Note"]));
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Contains($"Score: {score.GetValue<int>()} out of 100", recruiter.LastHtml, StringComparison.Ordinal);
        Assert.Contains($"@{username}: typed by the candidate, not proven.", recruiter.LastHtml, StringComparison.Ordinal);
        Assert.Contains("This is a signal for a human recruiter, not a hiring decision.", recruiter.LastHtml, StringComparison.Ordinal);
        PageAssertions.Headers(report, new Uri(H.X.BaseUrl).GetLeftPart(UriPartial.Authority));
        Assert.Equal("""{"status":200}""", await reported.Content.ReadAsStringAsync());
        Assert.Equal(("Harry Vane", email), await H.RowAsync<(string, string)>(
            "select full_name, email from candidates where tenant_id = @tenantId and external_id = @externalId", new { tenantId, externalId = $"greenhouse:{personId}" }));
        Assert.Empty(await H.PlacesHoldingAsync("+44 20 7946 0991"));
        Assert.Empty(await H.PlacesHoldingAsync("resume-7731"));
        Assert.Empty(await H.PlacesHoldingAsync(key));
        Assert.Equal(("succeeded", 1, (string?)null), await H.RowAsync<(string, int, string?)>("""
            select c.status, c.attempts, g.protected_credential from greenhouse_callbacks c
            join greenhouse_interviews g on g.tenant_id = c.tenant_id and g.id = c.interview_id where g.id = @id
            """, new { id = Guid.Parse(interviewId) }));
        Assert.DoesNotContain(email, H.Logs.All, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ARefusalIsPatchedAtOnceAndIsCompleteWithoutAScoreInTheTenantsLanguage()
    {
        var (_, admin, key) = await H.TenantAsync("Société Générale de Test");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/v1/settings/invitations", new JsonObject { ["language"] = "fr" })).StatusCode);
        await using var gh = await FakeGreenhouse.StartAsync(H.BaseUrl);
        var (email, url) = (GreenhouseSteps.NewEmail(), gh.NewTest(key));

        var interviewId = await (await gh.SendTestAsync(key, "default@1", url, email, GreenhouseSteps.NewPersonId())).InterviewIdAsync();
        var message = await H.EmailToAsync(email);
        var link = CandidatePagesHarness.LinkIn(message);
        using var page = new PageSession(H.BaseUrl);
        await page.GetAsync(link);
        var declined = await page.PostAsync($"{link}/decline", "fr");
        var patched = await H.RunPatchesAsync();
        var status = await gh.StatusAfterPatchAsync(url);

        Assert.Equal("Société Générale de Test : votre compte X et votre candidature", message.Subject);
        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        Assert.Equal(1, patched);
        Assert.Equal("complete", (string?)status["partner_status"]);
        Assert.Null(status["partner_score"]);
        Assert.False(status.ContainsKey("partner_score"));
        Assert.NotNull(status["partner_profile_url"]);
        Assert.Equal(("refused", "unverified", "unknown", "none"),
            ((string?)status["metadata"]!["Candidate answer"], (string?)status["metadata"]!["Presence tier"], (string?)status["metadata"]!["Band"], (string?)status["metadata"]!["Handle ownership"]));
        Assert.Contains("CANDIDATE_DECLINED", (string?)status["metadata"]!["Reason codes"], StringComparison.Ordinal);
        Assert.Equal("fr", await H.ScalarAsync<string>("select i.language from greenhouse_interviews g join candidate_invitations i on i.tenant_id = g.tenant_id and i.id = g.invitation_id where g.id = @id",
            new { id = Guid.Parse(interviewId) }));
        Assert.Single(gh.Patches);
        Assert.Equal(0, await H.RunPatchesAsync());
    }

    [Fact]
    public async Task GreenhouseAnswering500ThenOkGetsExactlyOneSuccessfulPatchAndNoDuplicate()
    {
        var (_, _, key) = await H.TenantAsync();
        await using var gh = await FakeGreenhouse.StartAsync(H.BaseUrl);
        var (email, url) = (GreenhouseSteps.NewEmail(), gh.NewTest(key, 500, 503, 500));
        var interviewId = await (await gh.SendTestAsync(key, "default@1", url, email, GreenhouseSteps.NewPersonId())).InterviewIdAsync();
        var link = CandidatePagesHarness.LinkIn(await H.EmailToAsync(email));
        using var page = new PageSession(H.BaseUrl);
        await page.GetAsync(link);
        await page.PostAsync($"{link}/no-account", "en");

        var rounds = new List<(int Claimed, string Status, int Attempts)>();
        for (var round = 0; round < 6; round++)
        {
            var claimed = await H.RunPatchesAsync();
            var (state, attempts) = await CallbackAsync(interviewId);
            rounds.Add((claimed, state, attempts));
            await Task.Delay(120); // past the test's retry delays (10 ms doubling, capped at 50 ms)
        }

        var status = await gh.StatusAfterPatchAsync(url);

        Assert.Equal([500, 503, 500, 200], gh.Patches.Select(p => p.AnsweredWith));
        Assert.All(gh.Patches, p => Assert.True(p.AuthorizationMatched));
        Assert.Equal([(1, "pending", 1), (1, "pending", 2), (1, "pending", 3), (1, "succeeded", 4), (0, "succeeded", 4), (0, "succeeded", 4)], rounds);
        Assert.Equal("complete", (string?)status["partner_status"]);
        Assert.Equal("absent", (string?)status["metadata"]!["Presence tier"]);
    }

    [Fact]
    public async Task APatchStillFailingAtTheEndOfItsRetryWindowIsGivenUpAndItsCredentialDropped()
    {
        var (_, _, key) = await H.TenantAsync();
        await using var gh = await FakeGreenhouse.StartAsync(H.BaseUrl);
        var (email, url) = (GreenhouseSteps.NewEmail(), gh.NewTest(key, 503, 503, 503, 503));
        var interviewId = Guid.Parse(await (await gh.SendTestAsync(key, "default@1", url, email, GreenhouseSteps.NewPersonId())).InterviewIdAsync());
        var link = CandidatePagesHarness.LinkIn(await H.EmailToAsync(email));
        using var page = new PageSession(H.BaseUrl);
        await page.GetAsync(link);
        await page.PostAsync($"{link}/decline", "en");

        var first = await H.RunPatchesAsync();
        var afterFirst = await H.RowAsync<(string, int, bool)>(CallbackSql, new { id = interviewId });
        // Days later, as far as the queue is concerned: the window (3 days from the first attempt) has run out.
        await H.ScalarAsync<int>("update greenhouse_callbacks set retry_until = now(), next_attempt_at = now() where interview_id = @id", new { id = interviewId });
        var last = await H.RunPatchesAsync();
        var afterLast = await H.RowAsync<(string, int, bool)>(CallbackSql, new { id = interviewId });
        var more = await H.RunPatchesAsync();

        Assert.Equal((1, 1, 0), (first, last, more));
        Assert.Equal(("pending", 1, true), afterFirst);
        Assert.Equal(("failed", 2, false), afterLast);
        Assert.Equal([503, 503], gh.Patches.Select(p => p.AnsweredWith));
    }

    private const string CallbackSql = """
        select c.status, c.attempts, g.protected_credential is not null from greenhouse_callbacks c
        join greenhouse_interviews g on g.tenant_id = c.tenant_id and g.id = c.interview_id where g.id = @id
        """;

    [Fact]
    public async Task SendTestReplayedWithTheSameUrlAnswersTheSameInterviewAndSendsOneEmail()
    {
        var (tenantId, _, key) = await H.TenantAsync();
        await using var gh = await FakeGreenhouse.StartAsync(H.BaseUrl);
        var (email, personId, url) = (GreenhouseSteps.NewEmail(), GreenhouseSteps.NewPersonId(), gh.NewTest(key));

        // Greenhouse retrying while its first call still runs, then once more later.
        var racing = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ => await (await gh.SendTestAsync(key, "default@1", url, email, personId)).InterviewIdAsync()));
        var rows = await H.RowsAsync(tenantId);
        var replayed = await (await gh.SendTestAsync(key, "default@1", url, email, personId)).InterviewIdAsync();
        var rowsAfterReplay = await H.RowsAsync(tenantId);
        var other = await (await gh.SendTestAsync(key, "default@1", gh.NewTest(key), email, personId)).InterviewIdAsync();
        await H.EmailToAsync(email);
        await H.Sender.ProcessDueAsync(CancellationToken.None);

        Assert.Single(racing.Distinct());
        Assert.Equal(racing[0], replayed);
        Assert.NotEqual(replayed, other);
        Assert.Equal(rows, rowsAfterReplay);
        Assert.Contains("greenhouse_interviews=1, greenhouse_callbacks=0", rows, StringComparison.Ordinal);
        Assert.Contains("candidate_invitations=1, invitation_emails=1", rows, StringComparison.Ordinal);
        Assert.Equal(2, H.EmailsTo(email));
        Assert.Equal(1L, await H.ScalarAsync<long>("select count(*) from candidates where tenant_id = @tenantId", new { tenantId }));
    }

    private async Task<(string Status, int Attempts)> CallbackAsync(string interviewId) =>
        await H.RowAsync<(string, int)>("select status, attempts from greenhouse_callbacks where interview_id = @id", new { id = Guid.Parse(interviewId) });
}
