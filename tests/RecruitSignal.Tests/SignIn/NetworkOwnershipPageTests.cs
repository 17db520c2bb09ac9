using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Invitations;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.Integration.Trust;

namespace RecruitSignal.Tests.SignIn;

/// <summary><c>requireVerifiedOwnership</c> network by network, for the handles of one candidate's answers on the page.</summary>
[Collection(SignInGroup.Name)]
public sealed class NetworkOwnershipPageTests(SignInFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    [Fact]
    public async Task UnderAPolicyRequiringProofASignedInBlueskyIsReadAndATypedMastodonIsNotReadNorFetched()
    {
        var (tenantId, http) = await H.NewTenantAsync("Proof Works");
        (await http.PostAsJsonAsync("/v1/policies", TrustRequests.Policy("proof")
            .With("requireVerifiedOwnership", true).With("networks", new JsonArray("x", "bluesky", "mastodon")))).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("/v1/policies/active", new { version = "proof@1" })).EnsureSuccessStatusCode();
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}");
        var invitation = await CandidatePagesHarness.InviteAsync(http, candidateId, "en", sendEmail: false);
        using var page = new PageSession(H.BaseUrl, "en");
        await page.GetAsync(invitation.Url);
        var token = invitation.Url[(invitation.Url.LastIndexOf('/') + 1)..];
        var bluesky = fixture.Atproto.Add($"p{Guid.NewGuid():N}"[..12] + ".bsky.test", fixture.Dns);

        var toBluesky = await page.PostAsync($"/c/{token}/bluesky-signin", "en", [new("handle", "@" + bluesky.Handle)]);
        var fromBluesky = await page.FollowAsync(await page.GetAsync("/oauth/bluesky/callback" + fixture.Atproto.Approve(toBluesky.Headers.Location!.ToString())));
        var typed = await page.FollowAsync(await page.PostAsync($"/c/{token}/handle", "en", [new("network", "mastodon"), new("handle", "@camille@mastodon.test")]));
        var answered = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var assessment = await (await http.GetAsync($"/v1/assessments/{answered.AssessmentId}")).ReadAssessmentAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (fromBluesky.StatusCode, typed.StatusCode));
        var read = assessment.Networks!.Single(n => n.Network == "bluesky");
        var unread = assessment.Networks!.Single(n => n.Network == "mastodon");
        Assert.Equal(HandleOwnership.Verified, read.Ownership);
        Assert.NotEqual(NetworkStatus.NotRead, read.Status);
        Assert.DoesNotContain(ReasonCodes.HandleNotVerified, read.ReasonCodes);
        Assert.Equal(("camille@mastodon.test", HandleOwnership.Claimed, NetworkStatus.NotRead), (unread.Handle, unread.Ownership, unread.Status));
        Assert.Equal([ReasonCodes.HandleNotVerified], unread.ReasonCodes);
        Assert.True(await H.ScalarAsync<long>("select count(*) from presence_lookup_jobs where tenant_id = @tenantId and network = 'bluesky'", new { tenantId }) >= 1);
        Assert.Equal(0, await H.ScalarAsync<long>("select count(*) from presence_lookup_jobs where tenant_id = @tenantId and network = 'mastodon'", new { tenantId }));
    }
}
