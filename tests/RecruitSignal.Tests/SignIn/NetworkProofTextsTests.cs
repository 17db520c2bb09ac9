using System.Net;
using System.Text.Json.Nodes;
using RecruitSignal.Explanations;
using RecruitSignal.Invitations;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.SignIn;

/// <summary>
/// A handle proven by signing in with Bluesky is said to be proven with Bluesky, not X: in the candidate's explanation and
/// in the recruiter's report (the handle's line and the consent's method), in English and French, each handle on its own line.
/// </summary>
[Collection(SignInGroup.Name)]
public sealed class NetworkProofTextsTests(SignInFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    [Fact]
    public async Task ABlueskySignInBesideATypedMastodonIsNamedInTheExplanationAndTheReportInEnglishAndFrench()
    {
        var (_, http, _, invitation, page) = await NetworkPages.OpenedAsync(fixture);
        var token = invitation.Url[(invitation.Url.LastIndexOf('/') + 1)..];
        var bluesky = fixture.Atproto.Add($"t{Guid.NewGuid():N}"[..12] + ".bsky.test", fixture.Dns);
        var typed = await page.FollowAsync(await page.PostAsync($"/c/{token}/handle", "en", [new("network", "mastodon"), new("handle", "@camille@mastodon.test")]));
        var toBluesky = await page.PostAsync($"/c/{token}/bluesky-signin", "en", [new("handle", "@" + bluesky.Handle)]);
        var signedIn = await page.FollowAsync(await page.GetAsync("/oauth/bluesky/callback" + fixture.Atproto.Approve(toBluesky.Headers.Location!.ToString())));
        var answered = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var assessment = await (await http.GetAsync($"/v1/assessments/{answered.AssessmentId}")).ReadAssessmentAsync();
        var english = await ExplanationAsync(http, assessment.Id, "en");
        var french = await ExplanationAsync(http, assessment.Id, "fr");
        var link = await (await http.PostAsync($"/v1/assessments/{assessment.Id}/report-links", null)).ReadAsync<JsonObject>();
        using var recruiter = new PageSession(H.BaseUrl);
        var reportEn = WebUtility.HtmlDecode(await (await recruiter.GetAsync($"{link["url"]}?lang=en")).Content.ReadAsStringAsync());
        var reportFr = WebUtility.HtmlDecode(await (await recruiter.GetAsync($"{link["url"]}?lang=fr")).Content.ReadAsStringAsync());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (typed.StatusCode, signedIn.StatusCode));
        Assert.Equal([("bluesky", HandleOwnership.Verified), ("mastodon", HandleOwnership.Claimed)], assessment.Networks!.Select(n => (n.Network, n.Ownership)));
        Assert.Equal(
            [$"The account @{bluesky.Handle} is yours: you proved it by signing in with Bluesky.", "You gave us the account name @camille@mastodon.test."],
            english.Observed.Take(2));
        Assert.Equal(
            [$"Le compte @{bluesky.Handle} est le vôtre : vous l'avez prouvé en vous connectant avec Bluesky.", "Vous nous avez indiqué le compte @camille@mastodon.test."],
            french.Observed.Take(2));
        Assert.Contains($"<p>@{bluesky.Handle}: the candidate proved it is theirs by signing in with Bluesky.</p>", reportEn, StringComparison.Ordinal);
        Assert.Contains("<p>@camille@mastodon.test: typed by the candidate, not proven.</p>", reportEn, StringComparison.Ordinal);
        Assert.Contains(", by signing in with Bluesky on the candidate page.</p>", reportEn, StringComparison.Ordinal);
        Assert.Contains($"<p>@{bluesky.Handle} : la personne a prouvé qu'il est le sien en se connectant avec Bluesky.</p>", reportFr, StringComparison.Ordinal);
        Assert.Contains(", en se connectant avec Bluesky sur la page candidat.</p>", reportFr, StringComparison.Ordinal);
        Assert.All(new[] { string.Join(' ', english.Observed), string.Join(' ', french.Observed), reportEn, reportFr }, text =>
        {
            Assert.DoesNotContain("signing in with X", text, StringComparison.Ordinal);
            Assert.DoesNotContain("connectant avec X", text, StringComparison.Ordinal);
        });
    }

    /// <summary>The explanation of an assessment in <paramref name="language"/>, as the candidate reads it.</summary>
    internal static async Task<ExplanationResponse> ExplanationAsync(HttpClient http, Guid assessmentId, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/assessments/{assessmentId}/explanation");
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await (await http.SendAsync(request)).ReadAsync<ExplanationResponse>();
    }
}
