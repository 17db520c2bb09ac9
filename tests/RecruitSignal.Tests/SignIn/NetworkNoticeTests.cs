using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.Integration.Trust;
using Texts = RecruitSignal.CandidatePages.Texts;

namespace RecruitSignal.Tests.SignIn;

/// <summary>The notice a candidate reads names the networks the tenant's policy reads, and the consent holds the hash of those words.</summary>
[Collection(SignInGroup.Name)]
public sealed class NetworkNoticeTests(SignInFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    [Fact]
    public async Task UnderAPolicyReadingXAndBlueskyTheNoticeNamesBothInEnglishAndFrenchAndTheConsentHashesThatNotice()
    {
        const string employer = "Notice Works";
        var (_, http) = await H.NewTenantAsync(employer);
        (await http.PostAsJsonAsync("/v1/policies", TrustRequests.Policy("two").With("networks", new JsonArray("x", "bluesky")))).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("/v1/policies/active", new { version = "two@1" })).EnsureSuccessStatusCode();
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}");
        var invitation = await CandidatePagesHarness.InviteAsync(http, candidateId, "en", sendEmail: false);
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
        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        Assert.Equal(Texts.English.NoticeHash(employer, ["x", "bluesky"], 90, 730), hash);
        Assert.NotEqual(Texts.English.NoticeHash(employer, ["x"], 90, 730), hash);
    }
}
