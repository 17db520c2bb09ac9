using System.Net;
using RecruitSignal.Assessments;
using RecruitSignal.Invitations;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.SignIn;

/// <summary>X is withdrawn from an answer on its own, as Bluesky and Mastodon are: the other networks stay, in a new assessment.</summary>
[Collection(SignInGroup.Name)]
public sealed class XWithdrawalTests(SignInFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    [Fact]
    public async Task XIsWithdrawnAloneWhileBlueskyStays()
    {
        var (tenantId, http, candidateId, invitation, page) = await NetworkPages.OpenedAsync(fixture);
        var token = invitation.Url[(invitation.Url.LastIndexOf('/') + 1)..];
        await page.FollowAsync(await page.PostAsync($"/c/{token}/handle", "en", [new("handle", "camille_m")]));
        var both = await page.FollowAsync(await page.PostAsync($"/c/{token}/handle", "en", [new("network", "bluesky"), new("handle", "camille.bsky.social")]));
        var bothHtml = page.LastHtml;

        var withdrawn = await page.FollowAsync(await page.PostAsync($"/c/{token}/withdraw", "en", [new("network", "x")]));
        var remaining = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var assessed = await (await http.GetAsync($"/v1/assessments/{remaining.AssessmentId}")).ReadAssessmentAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (both.StatusCode, withdrawn.StatusCode));
        Assert.Contains("Withdraw my X account", bothHtml, StringComparison.Ordinal);
        Assert.Contains("X: you withdrew it on", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Bluesky: you gave camille.bsky.social.", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Withdraw my Bluesky account", page.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Withdraw my X account", page.LastHtml, StringComparison.Ordinal);
        Assert.Null(remaining.WithdrawnAt);
        Assert.Equal([("bluesky", HandleOwnership.Claimed)], assessed.Networks!.Select(n => (n.Network, n.Ownership)));
        Assert.Equal((true, "candidate_page_withdraw_network", "{bluesky}"), await NetworkPages.ConsentAsync(H, candidateId));
        Assert.Equal(1L, await H.ScalarAsync<long>("select count(*) from audit_log where tenant_id = @tenantId and action = 'consent_withdrawn'", new { tenantId }));

        // Withdrawn once, X cannot be withdrawn again; Bluesky, the last network, then withdraws the whole consent.
        await page.PostAsync($"/c/{token}/withdraw", "en", [new("network", "x")]);
        var again = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var last = await page.FollowAsync(await page.PostAsync($"/c/{token}/withdraw", "en", [new("network", "bluesky")]));
        var ended = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        Assert.Equal((remaining.AssessmentId, (DateTimeOffset?)null), (again.AssessmentId, again.WithdrawnAt));
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.NotNull(ended.WithdrawnAt);
        var consent = await NetworkPages.ConsentAsync(H, candidateId);
        Assert.Equal((false, "candidate_page_withdraw"), (consent.Granted, consent.Method));
    }
}
