using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Invitations;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.Integration.Trust;
using Texts = RecruitSignal.CandidatePages.Texts;

namespace RecruitSignal.Tests.SignIn;

/// <summary>
/// The notice and the refusal a candidate reads name the networks the tenant's policy reads, and the consent holds the hash of
/// the notice's words.
/// </summary>
[Collection(SignInGroup.Name)]
public sealed class NetworkNoticeTests(SignInFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    [Fact]
    public async Task UnderAPolicyReadingXAndBlueskyTheNoticeNamesBothInEnglishAndFrenchAndTheConsentHashesThatNotice()
    {
        const string employer = "Notice Works";
        var (http, candidateId, invitation) = await InvitedUnderXAndBlueskyAsync(employer);
        var token = invitation.Url[(invitation.Url.LastIndexOf('/') + 1)..];
        using var french = new PageSession(H.BaseUrl, "fr");
        await french.GetAsync(invitation.Url + "?lang=fr");
        using var page = new PageSession(H.BaseUrl, "en");
        await page.GetAsync(invitation.Url);
        var english = page.LastHtml;

        var typed = await page.FollowAsync(await page.PostAsync($"/c/{token}/handle", "en", [new("network", "bluesky"), new("handle", "camille.bsky.social")]));
        var hash = await H.ScalarAsync<byte[]>(
            "select notice_hash from candidate_consents where candidate_id = @candidateId order by created_at desc, id desc limit 1", new { candidateId });

        Assert.Contains($"{employer} uses RecruitSignal to see whether candidates share their professional work in public on X or Bluesky.", english, StringComparison.Ordinal);
        Assert.Contains($"{employer} utilise RecruitSignal pour voir si les candidats partagent publiquement leur travail sur X ou Bluesky.", french.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("in public on X.", english, StringComparison.Ordinal);
        Assert.Contains("Nothing is read from X or Bluesky. Your refusal is never counted against you", english, StringComparison.Ordinal);
        Assert.Contains("Rien n'est lu sur X ou Bluesky. Votre refus", french.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        Assert.Equal(Texts.English.NoticeHash(employer, ["x", "bluesky"], 90, 730), hash);
        Assert.NotEqual(Texts.English.NoticeHash(employer, ["x"], 90, 730), hash);
    }

    [Fact]
    public async Task ARefusalUnderAPolicyReadingXAndBlueskySaysNeitherWillBeRead()
    {
        var (_, _, invitation) = await InvitedUnderXAndBlueskyAsync("Refusal Works");
        var token = invitation.Url[(invitation.Url.LastIndexOf('/') + 1)..];
        using var page = new PageSession(H.BaseUrl, "fr");
        await page.GetAsync(invitation.Url + "?lang=fr");

        var declined = await page.FollowAsync(await page.PostAsync($"/c/{token}/decline", "fr"));

        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Contains("Vous avez refusé. Rien ne sera lu sur X ou Bluesky, et votre refus ne compte pas contre vous.", page.LastHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-account", "You told us that you have no account on X or Bluesky.", "Vous nous avez indiqué n'avoir aucun compte sur X ou Bluesky.",
        "The candidate said they have no account on X or Bluesky.", "La personne a indiqué n'avoir aucun compte sur X ou Bluesky.")]
    [InlineData("decline", "You refused to have your accounts on X or Bluesky looked at, so nothing was read and you were given no score.",
        "Vous avez refusé que vos comptes X ou Bluesky soient consultés : rien n'a été lu et aucun score ne vous a été donné.",
        "The candidate refused to have their accounts on X or Bluesky read: nothing was read, and a refusal is never scored as an absence.",
        "La personne a refusé que ses comptes X ou Bluesky soient consultés : rien n'a été lu, et un refus n'est jamais compté comme une absence.")]
    public async Task NoAccountOrARefusalUnderAPolicyReadingXAndBlueskyIsExplainedAndReportedForBoth(string answer, string english, string french, string reportEn, string reportFr)
    {
        var (http, _, invitation) = await InvitedUnderXAndBlueskyAsync("Statement Works");
        var token = invitation.Url[(invitation.Url.LastIndexOf('/') + 1)..];
        using var page = new PageSession(H.BaseUrl, "en");
        await page.GetAsync(invitation.Url);

        var answered = await page.FollowAsync(await page.PostAsync($"/c/{token}/{answer}", "en"));
        var assessmentId = (await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>()).AssessmentId!.Value;
        var link = await (await http.PostAsync($"/v1/assessments/{assessmentId}/report-links", null)).ReadAsync<JsonObject>();
        using var recruiter = new PageSession(H.BaseUrl);
        var reports = new List<string>();
        foreach (var language in new[] { "en", "fr" })
        {
            reports.Add(WebUtility.HtmlDecode(await (await recruiter.GetAsync($"{link["url"]}?lang={language}")).Content.ReadAsStringAsync()));
        }

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(english, (await NetworkProofTextsTests.ExplanationAsync(http, assessmentId, "en")).Summary);
        Assert.Equal(french, (await NetworkProofTextsTests.ExplanationAsync(http, assessmentId, "fr")).Summary);
        Assert.Contains($"<p>{reportEn}</p>", reports[0], StringComparison.Ordinal);
        Assert.Contains($"<p>{reportFr}</p>", reports[1], StringComparison.Ordinal);
    }

    /// <summary>A new tenant whose active policy reads X and Bluesky, and an invitation of one of its candidates, not opened yet.</summary>
    private async Task<(HttpClient Http, Guid CandidateId, CreatedInvitation Invitation)> InvitedUnderXAndBlueskyAsync(string employer)
    {
        var (_, http) = await H.NewTenantAsync(employer);
        (await http.PostAsJsonAsync("/v1/policies", TrustRequests.Policy("two").With("networks", new JsonArray("x", "bluesky")))).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("/v1/policies/active", new { version = "two@1" })).EnsureSuccessStatusCode();
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}");
        return (http, candidateId, await CandidatePagesHarness.InviteAsync(http, candidateId, "en", sendEmail: false));
    }
}
