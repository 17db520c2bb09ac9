using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Greenhouse;

/// <summary>The recruiter's report links (language, revocation, expiry) and Greenhouse's signed web hooks.</summary>
[Collection(CandidatePagesGroup.Name)]
public sealed class ReportAndWebhookTests(CandidatePagesFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    /// <summary>An interview the candidate refused, patched and complete: its report link and assessment.</summary>
    private async Task<(HttpClient Admin, string Key, FakeGreenhouse Gh, string InterviewId, string Link, Guid AssessmentId, long PersonId)> CompletedAsync()
    {
        var (_, admin, key) = await H.TenantAsync("Initech");
        var gh = await FakeGreenhouse.StartAsync(H.BaseUrl);
        var (email, personId, url) = (GreenhouseSteps.NewEmail(), GreenhouseSteps.NewPersonId(), gh.NewTest(key));
        var interviewId = await (await gh.SendTestAsync(key, "default@1", url, email, personId)).InterviewIdAsync();
        var link = CandidatePagesHarness.LinkIn(await H.EmailToAsync(email));
        using var page = new PageSession(H.BaseUrl);
        await page.GetAsync(link);
        await page.PostAsync($"{link}/decline", "en");
        await H.RunPatchesAsync();
        var status = await gh.StatusAfterPatchAsync(url);
        var assessmentId = await H.ScalarAsync<Guid>("""
            select i.assessment_id from greenhouse_interviews g join candidate_invitations i on i.tenant_id = g.tenant_id and i.id = g.invitation_id where g.id = @id
            """, new { id = Guid.Parse(interviewId) });
        return (admin, key, gh, interviewId, (string)status["partner_profile_url"]!, assessmentId, personId);
    }

    [Fact]
    public async Task TheReportSpeaksTheReadersLanguageAndItsLinkEndsWhenRevokedOrExpired()
    {
        var (admin, key, gh, interviewId, link, assessmentId, _) = await CompletedAsync();
        await using var greenhouse = gh;
        var (_, stranger, _) = await H.NewTenantAsync("Stranger");
        using var english = new PageSession(H.BaseUrl, "en");
        using var french = new PageSession(H.BaseUrl, "fr-FR,fr;q=0.9");

        var pages = new List<(HttpResponseMessage Response, string Html)>();
        async Task Read(PageSession session, string url) => pages.Add((await session.GetAsync(url), session.LastHtml));
        await Read(english, link);
        await Read(french, link);
        await Read(english, link + "?lang=fr");
        var sameLink = (string?)(await (await gh.TestStatusAsync(key, interviewId)).ReadAsync<JsonObject>())["partner_profile_url"];
        var theirRevoke = await stranger.DeleteAsync($"/v1/assessments/{assessmentId}/report-links");
        var revoke = await admin.DeleteAsync($"/v1/assessments/{assessmentId}/report-links");
        await Read(english, link);
        await Read(french, link);
        var newLink = (string)(await (await gh.TestStatusAsync(key, interviewId)).ReadAsync<JsonObject>())["partner_profile_url"]!;
        await Read(english, newLink);
        await H.ScalarAsync<int>("update report_links set expires_at = now() - interval '1 second' where assessment_id = @assessmentId and revoked_at is null", new { assessmentId });
        await Read(english, newLink);
        await Read(french, $"/r/{new string('A', 43)}");

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Gone, HttpStatusCode.Gone, HttpStatusCode.OK, HttpStatusCode.Gone, HttpStatusCode.NotFound],
            pages.Select(p => p.Response.StatusCode));
        Assert.Equal(["en", "fr", "fr", "en", "fr", "en", "en", "fr"], pages.Select(p => HtmlLanguage(p.Html)));
        Assert.Contains("No score: there was nothing to score.", pages[0].Html, StringComparison.Ordinal);
        Assert.Contains("The candidate refused to have their X account read", pages[0].Html, StringComparison.Ordinal);
        Assert.Contains("Refused or withdrawn on", pages[0].Html, StringComparison.Ordinal);
        Assert.Contains("Pas de score : il n'y avait rien à noter.", pages[1].Html, StringComparison.Ordinal);
        Assert.Contains("Ceci est un signal pour un recruteur ou une recruteuse, pas une décision d'embauche.", pages[1].Html, StringComparison.Ordinal);
        Assert.Contains("Ce lien de rapport a pris fin", pages[4].Html, StringComparison.Ordinal);
        Assert.Contains("Ce rapport n'existe pas", pages[7].Html, StringComparison.Ordinal);
        Assert.All(pages, p => PageAssertions.Headers(p.Response, new Uri(H.X.BaseUrl).GetLeftPart(UriPartial.Authority)));
        Assert.All(pages, p => Assert.False(p.Response.Headers.Contains("Set-Cookie")));
        Assert.DoesNotContain("<script", string.Concat(pages.Select(p => p.Html)), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(link, sameLink);
        Assert.NotEqual(link, newLink);
        Assert.Equal(HttpStatusCode.NotFound, theirRevoke.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(1L, (long)(await revoke.ReadAsync<JsonObject>())["revoked"]!);
    }

    [Fact]
    public async Task NewReportLinksLastAsLongAsTheTenantSays()
    {
        var (_, admin, _) = await H.NewTenantAsync("Hooli");

        var before = await (await admin.GetAsync("/v1/settings/report-links")).ReadAsync<JsonObject>();
        var set = await admin.PutAsJsonAsync("/v1/settings/report-links", new JsonObject { ["days"] = 7 });
        var after = await (await admin.GetAsync("/v1/settings/report-links")).ReadAsync<JsonObject>();
        var tooLong = await admin.PutAsJsonAsync("/v1/settings/report-links", new JsonObject { ["days"] = 400 });

        Assert.Equal(90, (int)before["days"]!);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(7, (int)after["days"]!);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.NotNull((await tooLong.ReadAsync<JsonObject>())["errors"]!["days"]);
    }

    [Fact]
    public async Task ASignedDeleteCandidateErasesTheCandidateAndABadSignatureChangesNothing()
    {
        var (admin, key, gh, interviewId, link, _, personId) = await CompletedAsync();
        await using var greenhouse = gh;
        var secret = await (await admin.PostAsync("/v1/integrations/greenhouse/webhook-secret", null)).ReadAsync<JsonObject>();
        var (hook, signingSecret) = ((string)secret["url"]!, (string)secret["secret"]!);
        var body = """{"action":"delete_candidate","payload":{"person":{"id":PERSON,"first_name":"Harriet","last_name":"Vane","can_email":false,"deleted_application_ids":[46196263]}}}"""
            .Replace("PERSON", personId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var ping = """{"action":"ping","payload":{"web_hook_id":4}}""";

        var forged = await PostHookAsync(hook, body, Sign("whsec_not_the_secret", body));
        var unsigned = await PostHookAsync(hook, body, null);
        var otherReceiver = await PostHookAsync(hook[..(hook.IndexOf("receiver=", StringComparison.Ordinal) + 9)] + Guid.NewGuid(), body, Sign(signingSecret, body));
        var tampered = await PostHookAsync(hook, body.Replace("Harriet", "Harriot", StringComparison.Ordinal), Sign(signingSecret, body));
        var candidateId = await H.ScalarAsync<Guid>("select id from candidates where external_id = @externalId", new { externalId = $"greenhouse:{personId}" });
        var stillHeld = await H.ScalarAsync<long>("select count(*) from candidates where external_id = @externalId", new { externalId = $"greenhouse:{personId}" });
        var pinged = await PostHookAsync(hook, ping, Sign(signingSecret, ping));
        var erased = await PostHookAsync(hook, body, Sign(signingSecret, body));
        var again = await PostHookAsync(hook, body, Sign(signingSecret, body));
        var status = await gh.TestStatusAsync(key, interviewId);
        using var recruiter = new PageSession(H.BaseUrl);
        var report = await recruiter.GetAsync(link);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            new[] { forged.StatusCode, unsigned.StatusCode, otherReceiver.StatusCode, tampered.StatusCode });
        Assert.Equal(1L, stillHeld);
        Assert.Equal("""{"action":"ping","erased":false}""", await pinged.Content.ReadAsStringAsync());
        Assert.Equal("""{"action":"delete_candidate","erased":true}""", await erased.Content.ReadAsStringAsync());
        Assert.Equal("""{"action":"delete_candidate","erased":false}""", await again.Content.ReadAsStringAsync());
        Assert.Equal(0L, await H.ScalarAsync<long>("select count(*) from candidates where external_id = @externalId", new { externalId = $"greenhouse:{personId}" }));
        Assert.Equal(0L, await H.ScalarAsync<long>("select count(*) from greenhouse_interviews where id = @id", new { id = Guid.Parse(interviewId) }));
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, report.StatusCode);
        // Besides the tombstone and the audit log, the one change that tells a syncing ATS the candidate is gone.
        Assert.Subset(new HashSet<string> { "candidate_erasures.candidate_id", "audit_log.target_id", "changes.entity_id" }, (await H.PlacesHoldingAsync(candidateId.ToString())).ToHashSet());
        Assert.Equal(["audit_log.target_id"], await H.PlacesHoldingAsync(interviewId)); // ids only, like every audit entry
    }

    private static async Task<HttpResponseMessage> PostHookAsync(string url, string body, string? signature)
    {
        using var http = new HttpClient(new Contract.ContractCheckingHandler { InnerHandler = new HttpClientHandler() });
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Greenhouse-Event-ID", Guid.NewGuid().ToString());
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Signature", signature);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>As Greenhouse signs: the algorithm, a space, the hex HMAC-SHA256 of the body with the secret.</summary>
    private static string Sign(string secret, string body) =>
        "sha256 " + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private static string HtmlLanguage(string html) => html[(html.IndexOf("<html lang=\"", StringComparison.Ordinal) + 12)..][..2];
}
