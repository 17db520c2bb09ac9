using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Assessments;
using RecruitSignal.Invitations;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.CandidatePages;

[Collection(CandidatePagesGroup.Name)]
public sealed class CandidatePageTests(CandidatePagesFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    private async Task<(HttpClient Http, Guid CandidateId, CreatedInvitation Invitation)> InvitedAsync(string language = "en", int days = 14)
    {
        var (_, http) = await H.NewTenantAsync("Globex");
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}");
        return (http, candidateId, await CandidatePagesHarness.InviteAsync(http, candidateId, language, sendEmail: false, days: days));
    }

    [Fact]
    public async Task EveryCandidatePageCarriesTheSecurityHeaders()
    {
        var (http, _, invitation) = await InvitedAsync();
        var (other, _, cancelled) = await InvitedAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await other.DeleteAsync($"/v1/invitations/{cancelled.Id}")).StatusCode);
        using var page = new PageSession(H.BaseUrl);
        var origin = new Uri(H.X.BaseUrl).GetLeftPart(UriPartial.Authority);

        var responses = new List<HttpResponseMessage>
        {
            await page.GetAsync(invitation.Url),
            await page.GetAsync($"/c/{new string('A', 43)}"),
            await page.GetAsync(cancelled.Url),
            await page.PostAsync($"{invitation.Url}/decline", "en", withToken: false),
            await page.PostAsync($"{invitation.Url}/handle", "en", [new("handle", "https://example.com/nope")]),
            await page.GetAsync("/c/x/callback?state=forged&code=forged"),
            await page.PostAsync($"{invitation.Url}/no-account", "en"),
            await page.GetAsync(invitation.Url),
        };

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Gone, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest,
             HttpStatusCode.BadRequest, HttpStatusCode.Redirect, HttpStatusCode.OK],
            responses.Select(r => r.StatusCode));
        Assert.All(responses, r => PageAssertions.Headers(r, origin));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Redirect), r => Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task AFormWithoutItsAntiforgeryTokenWritesNothingAndSaysSoInTheCandidatesLanguage()
    {
        var (_, candidateId, invitation) = await InvitedAsync("fr");
        using var page = new PageSession(H.BaseUrl);
        await page.GetAsync(invitation.Url);
        var before = await H.ScalarAsync<long>("select count(*) from assessments where candidate_id = @candidateId", new { candidateId });

        var missing = await page.PostAsync($"{invitation.Url}/no-account", "fr", withToken: false);
        var missingHtml = page.LastHtml;
        var forged = await page.PostAsync($"{invitation.Url}/decline", "fr", [new("rs_form", "CfDJ8forged")], withToken: false);
        using var stranger = new PageSession(H.BaseUrl); // no antiforgery cookie at all
        var crossSite = await stranger.PostAsync($"{invitation.Url}/handle", "fr", [new("handle", "camille_m"), new("rs_form", page.FormToken!)], withToken: false);

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], new[] { missing.StatusCode, forged.StatusCode, crossSite.StatusCode });
        Assert.Contains("<html lang=\"fr\"", missingHtml, StringComparison.Ordinal);
        Assert.Contains("Votre réponse n'a pas été envoyée", missingHtml, StringComparison.Ordinal);
        Assert.Equal(before, await H.ScalarAsync<long>("select count(*) from assessments where candidate_id = @candidateId", new { candidateId }));
        Assert.Equal(0, await H.ScalarAsync<long>("select count(*) from candidate_consents where candidate_id = @candidateId", new { candidateId }));
        Assert.Equal("opened", await H.ScalarAsync<string>("select status from candidate_invitations where id = @id", new { id = invitation.Id }));
    }

    [Fact]
    public async Task ThePageSpeaksTheInvitationsLanguageThenTheSwitchThenAcceptLanguageForUnknownLinks()
    {
        var (_, _, invitation) = await InvitedAsync("fr");
        using var english = new PageSession(H.BaseUrl, "en");
        using var french = new PageSession(H.BaseUrl, "fr-FR,fr;q=0.9");

        await english.GetAsync(invitation.Url);
        var invited = english.LastHtml;
        await english.GetAsync($"{invitation.Url}?lang=en");
        var switched = english.LastHtml;
        var unknown = await french.GetAsync($"/c/{new string('b', 43)}");

        Assert.Contains("<html lang=\"fr\"", invited, StringComparison.Ordinal);
        Assert.Contains("Se connecter avec X", invited, StringComparison.Ordinal);
        Assert.Contains($"href=\"/c/{invitation.Url[^43..]}?lang=en\"", invited, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\"", switched, StringComparison.Ordinal);
        Assert.Contains("Sign in with X", switched, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Ce lien n'est pas valable", french.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", invited, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnExpiredLinkAnswers410AndAnAnsweredOneRefusesASecondAnswer()
    {
        var (_, candidateId, expired) = await InvitedAsync();
        var (_, _, answered) = await InvitedAsync();
        await H.ScalarAsync<int>("update candidate_invitations set expires_at = now() - interval '1 minute' where id = @id returning 1", new { id = expired.Id });
        using var page = new PageSession(H.BaseUrl);

        var gone = await page.GetAsync(expired.Url);
        var goneHtml = page.LastHtml;
        await page.GetAsync(answered.Url);
        var first = await page.PostAsync($"{answered.Url}/no-account", "en");
        await page.GetAsync(answered.Url);
        var second = await page.PostAsync($"{answered.Url}/decline", "en");

        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("This link has expired", goneHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, second.StatusCode);
        Assert.Contains("You have already answered", page.LastHtml, StringComparison.Ordinal);
        Assert.Equal(0, await H.ScalarAsync<long>("select count(*) from candidate_consents where candidate_id = @candidateId", new { candidateId }));
    }

    [Fact]
    public async Task AnUnknownLinkTakesAsLongToAnswerAsAValidOne()
    {
        var (_, _, invitation) = await InvitedAsync();
        using var page = new PageSession(H.BaseUrl);
        var unknown = $"/c/{InvitationToken.New()}";
        for (var warm = 0; warm < 5; warm++)
        {
            await page.GetAsync(invitation.Url);
            await page.GetAsync(unknown);
        }

        var (valid, invalid) = (new List<double>(), new List<double>());
        for (var i = 0; i < 25; i++)
        {
            valid.Add(await TimeAsync(() => page.GetAsync(invitation.Url)));
            invalid.Add(await TimeAsync(() => page.GetAsync(unknown)));
        }

        var (validMedian, invalidMedian) = (Median(valid), Median(invalid));
        // Generous: both are one indexed lookup and a small page; a real oracle would be an order of magnitude apart.
        Assert.True(Math.Abs(validMedian - invalidMedian) < Math.Max(15, 1.5 * Math.Min(validMedian, invalidMedian)),
            $"valid {validMedian:0.0} ms, unknown {invalidMedian:0.0} ms");
    }

    [Fact]
    public async Task ARefusalIsNeverScoredAsAbsenceWhateverTheAbsencePolicy()
    {
        var (http, candidateId, invitation) = await InvitedAsync("fr");
        await http.PostAsJsonAsync("/v1/policies", Integration.Trust.TrustRequests.Policy("gentle").With("absence", "not_applicable"));
        await http.PutAsJsonAsync("/v1/policies/active", new JsonObject { ["version"] = "gentle@1" });
        using var page = new PageSession(H.BaseUrl);
        await page.GetAsync(invitation.Url);

        var answered = await page.FollowAsync(await page.PostAsync($"{invitation.Url}/decline", "fr"));
        var state = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var assessment = await (await http.GetAsync($"/v1/assessments/{state.AssessmentId}")).ReadAssessmentAsync();

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("Vous avez refusé", page.LastHtml, StringComparison.Ordinal);
        Assert.Equal((InvitationStatus.Declined, InvitationOutcome.Declined), (state.Status, state.Outcome));
        Assert.Equal((PresenceTier.Unverified, (int?)null, Band.Unknown, (AssessmentHandle?)null), (assessment.PresenceTier, assessment.Score, assessment.Band, assessment.Handle));
        Assert.Equal([ReasonCodes.CandidateDeclined], assessment.ReasonCodes);
        Assert.False(await H.ScalarAsync<bool>("select granted from candidate_consents where candidate_id = @candidateId", new { candidateId }));
        Assert.Equal("fr", await H.ScalarAsync<string>("select language from candidate_consents where candidate_id = @candidateId", new { candidateId }));
        Assert.Equal(0, await H.ScalarAsync<long>("select count(*) from presence_lookup_jobs where candidate_id = @candidateId", new { candidateId }));
    }

    [Fact]
    public async Task NoAccountIsTheCandidatesStatementUnderTheTenantsAbsencePolicy()
    {
        var (http, _, invitation) = await InvitedAsync();
        using var page = new PageSession(H.BaseUrl);
        await page.GetAsync(invitation.Url);

        await page.FollowAsync(await page.PostAsync($"{invitation.Url}/no-account", "en"));
        var state = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var assessment = await (await http.GetAsync($"/v1/assessments/{state.AssessmentId}")).ReadAssessmentAsync();

        Assert.Contains("You said that you have no X account", page.LastHtml, StringComparison.Ordinal);
        Assert.Equal((InvitationStatus.Completed, InvitationOutcome.NoAccount), (state.Status, state.Outcome));
        Assert.Equal((PresenceTier.Absent, (int?)0, Band.None), (assessment.PresenceTier, assessment.Score, assessment.Band));
        Assert.Equal([ReasonCodes.NoAccount, ReasonCodes.CandidateStatedNoAccount], assessment.ReasonCodes);
    }

    [Fact]
    public async Task ATooEagerClientGetsA429PagePerLinkAndPerAddress()
    {
        var server = new PostgresServer();
        await server.InitializeAsync();
        await using var limited = await CandidatePagesHarness.StartAsync(server, background: false, extra: new Dictionary<string, string?>
        {
            ["CandidatePages:PerTokenPerMinute"] = "3", ["CandidatePages:PerAddressPerMinute"] = "8",
        });
        try
        {
            var (_, http) = await limited.NewTenantAsync("Limited");
            var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, "ats-limited");
            var invitation = await CandidatePagesHarness.InviteAsync(http, candidateId, sendEmail: false);
            using var page = new PageSession(limited.BaseUrl);

            var perLink = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
            {
                perLink.Add((await page.GetAsync(invitation.Url)).StatusCode);
            }

            var limitedHtml = page.LastHtml;
            var perAddress = new List<HttpStatusCode>();
            for (var i = 0; i < 6; i++)
            {
                perAddress.Add((await page.GetAsync($"/c/{InvitationToken.New()}")).StatusCode);
            }

            Assert.True(perLink.SequenceEqual([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]),
                string.Join(",", perLink) + " " + string.Join(" | ", limited.Logs.Lines.Where(l => l.Contains("Limit", StringComparison.OrdinalIgnoreCase)).Take(5)));
            Assert.Contains("Too many attempts", limitedHtml, StringComparison.Ordinal);
            Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], perAddress);
        }
        finally
        {
            await limited.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> request)
    {
        var clock = Stopwatch.StartNew();
        (await request()).Dispose();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
