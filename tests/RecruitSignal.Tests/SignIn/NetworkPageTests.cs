using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Assessments;
using RecruitSignal.Invitations;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.SignIn;

/// <summary>
/// Sign in with Bluesky and Mastodon, and typed handles, through the candidate page's own forms (antiforgery token,
/// cookies, redirects followed as a browser would), against the fakes that enforce the protocols.
/// </summary>
[Collection(SignInGroup.Name)]
public sealed class NetworkPageTests(SignInFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    [Fact]
    public async Task BothSignInsThroughThePageEndVerifiedOnTheAssessmentsNetworksAndEachCanBeWithdrawn()
    {
        var (tenantId, http, candidateId, invitation, page) = await NetworkPages.OpenedAsync(fixture);
        await H.ScalarAsync<int>("""
            insert into webhook_subscriptions (tenant_id, id, url, events, signing_secret, created_at)
            values (@tenantId, @id, 'https://ats.example.com/hooks', '{invitation.completed,invitation.declined,consent.withdrawn}', 'whsec_test', now())
            returning 1
            """, new { tenantId, id = Guid.CreateVersion7() });
        var opened = await page.GetAsync(invitation.Url);
        var token = invitation.Url[(invitation.Url.LastIndexOf('/') + 1)..];
        var bluesky = fixture.Atproto.Add($"p{Guid.NewGuid():N}"[..12] + ".bsky.test", fixture.Dns);
        var username = $"m{Guid.NewGuid():N}"[..12];
        fixture.Mastodon.Usernames.Add(username);

        var toBluesky = await page.PostAsync($"/c/{token}/bluesky-signin", "en", [new("handle", "@" + bluesky.Handle)]);
        var fromBluesky = await page.FollowAsync(await page.GetAsync("/oauth/bluesky/callback" + fixture.Atproto.Approve(toBluesky.Headers.Location!.ToString())));
        var afterBluesky = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var toMastodon = await page.PostAsync($"/c/{token}/mastodon-signin", "en", [new("handle", $"@{username}@mastodon.test")]);
        var fromMastodon = await page.FollowAsync(await page.GetAsync("/oauth/mastodon/callback" + fixture.Mastodon.Approve(toMastodon.Headers.Location!.ToString(), username)));
        var both = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var bothAssessed = await (await http.GetAsync($"/v1/assessments/{both.AssessmentId}")).ReadAssessmentAsync();
        var bothConsent = await NetworkPages.ConsentAsync(H, candidateId);

        Assert.Contains("form-action 'self' ", string.Join("", opened.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Contains(" https:;", string.Join("", opened.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        var openedHtml = await opened.Content.ReadAsStringAsync();
        Assert.Contains("asks about your accounts on X, Bluesky and Mastodon</h1>", openedHtml, StringComparison.Ordinal);
        Assert.Contains("active professionally on X (formerly Twitter), Bluesky or Mastodon. You decide.", openedHtml, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Redirect, "auth.test"), (toBluesky.StatusCode, toBluesky.Headers.Location!.Host));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (fromBluesky.StatusCode, fromMastodon.StatusCode));
        Assert.Equal((InvitationStatus.Completed, InvitationOutcome.NetworkSignin), (afterBluesky.Status, afterBluesky.Outcome));
        Assert.Contains($"Bluesky: you signed in as {bluesky.Handle}", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains($"Mastodon: you signed in as {username}@mastodon.test", page.LastHtml, StringComparison.Ordinal);
        Assert.NotEqual(afterBluesky.AssessmentId, both.AssessmentId);
        Assert.Equal(
            [("bluesky", bluesky.Handle, HandleOwnership.Verified), ("mastodon", $"{username}@mastodon.test", HandleOwnership.Verified)],
            bothAssessed.Networks!.Select(n => (n.Network, n.Handle, n.Ownership)));
        Assert.Equal((true, "candidate_page_mastodon_signin", "{bluesky,mastodon}"), bothConsent);
        Assert.Equal(
            [(bluesky.Did, "verified"), ($"https://mastodon.test/@{username}", "verified")],
            await NetworkPages.SubjectsAsync(H, invitation.Id));
        Assert.Equal(
            [("bluesky", HandleOwnership.Verified, bluesky.Did), ("mastodon", HandleOwnership.Verified, $"https://mastodon.test/@{username}")],
            both.Networks!.Select(n => (n.Network, n.Ownership, n.Subject)));
        var export = await (await http.GetAsync($"/v1/candidates/{candidateId}/export")).ReadAsync<JsonObject>();
        var exported = export["invitations"]![0]!["networks"]!.AsArray().Select(n => ((string?)n!["network"], (string?)n["ownership"], (string?)n["subject"]));
        Assert.Equal([("bluesky", "verified", bluesky.Did), ("mastodon", "verified", $"https://mastodon.test/@{username}")], exported);
        Assert.Equal(2L, await H.ScalarAsync<long>("select count(*) from webhook_events where tenant_id = @tenantId and type = 'invitation.completed'", new { tenantId }));
        Assert.Equal(2L, await H.ScalarAsync<long>("select count(*) from audit_log where tenant_id = @tenantId and action = 'invitation_completed'", new { tenantId }));

        var withdrawn = await page.FollowAsync(await page.PostAsync($"/c/{token}/withdraw", "en", [new("network", "bluesky")]));
        var remaining = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var remainingAssessed = await (await http.GetAsync($"/v1/assessments/{remaining.AssessmentId}")).ReadAssessmentAsync();

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Contains("Bluesky: you withdrew it on", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Withdraw your consent: nothing more will be read from Mastodon for this application.", page.LastHtml, StringComparison.Ordinal);
        Assert.Equal([("mastodon", HandleOwnership.Verified)], remainingAssessed.Networks!.Select(n => (n.Network, n.Ownership)));
        Assert.Equal((true, "candidate_page_withdraw_network", "{mastodon}"), await NetworkPages.ConsentAsync(H, candidateId));
        Assert.Null(remaining.WithdrawnAt);
        Assert.Equal(1L, await H.ScalarAsync<long>("select count(*) from audit_log where tenant_id = @tenantId and action = 'consent_withdrawn'", new { tenantId }));

        var tokens = fixture.Atproto.IssuedTokens.TakeLast(2).Concat(fixture.Mastodon.IssuedTokens.TakeLast(1)).ToList();
        Assert.All(tokens, t => Assert.Contains(t, fixture.Atproto.RevokedTokens.Concat(fixture.Mastodon.RevokedTokens)));
        foreach (var secret in tokens.Append(token))
        {
            Assert.Empty(await H.PlacesHoldingAsync(secret));
            Assert.DoesNotContain(secret, H.Logs.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TypedHandlesThroughThePageAreClaimedAndAWrongOneIsShownBackInFrench()
    {
        var (_, http, candidateId, invitation, page) = await NetworkPages.OpenedAsync(fixture, "fr");
        var token = invitation.Url[(invitation.Url.LastIndexOf('/') + 1)..];

        var wrong = await page.PostAsync($"/c/{token}/handle", "fr", [new("network", "mastodon"), new("handle", "not a mastodon account")]);
        var wrongHtml = page.LastHtml;
        var typed = await page.FollowAsync(await page.PostAsync($"/c/{token}/handle", "fr", [new("network", "bluesky"), new("handle", "camille.bsky.social")]));
        var added = await page.FollowAsync(await page.PostAsync($"/c/{token}/handle", "fr", [new("network", "mastodon"), new("handle", "@camille@mastodon.test")]));
        var answered = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var assessed = await (await http.GetAsync($"/v1/assessments/{answered.AssessmentId}")).ReadAssessmentAsync();

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Ce n'est pas un compte Mastodon", wrongHtml, StringComparison.Ordinal);
        Assert.Contains("vous interroge sur vos comptes X, Bluesky et Mastodon</h1>", wrongHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"not a mastodon account\"", wrongHtml, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (typed.StatusCode, added.StatusCode));
        Assert.Contains("Bluesky : vous avez indiqué camille.bsky.social.", page.LastHtml, StringComparison.Ordinal);
        Assert.Equal((InvitationStatus.Completed, InvitationOutcome.TypedHandle), (answered.Status, answered.Outcome));
        Assert.Equal(
            [("bluesky", HandleOwnership.Claimed), ("mastodon", HandleOwnership.Claimed)],
            assessed.Networks!.Select(n => (n.Network, n.Ownership)));
        Assert.Equal((true, "candidate_page_typed_handle", "{bluesky,mastodon}"), await NetworkPages.ConsentAsync(H, candidateId));
    }

    public static TheoryData<string> Refusals => ["wrong_subject", "wrong_issuer", "wrong_account", "reused_state", "expired_state", "private_address"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task EachRefusedSignInLandsOnAPageThatLeadsBackAndWritesNothing(string refusal)
    {
        var (_, _, candidateId, invitation, page) = await NetworkPages.OpenedAsync(fixture);
        var token = invitation.Url[(invitation.Url.LastIndexOf('/') + 1)..];
        var network = refusal == "wrong_account" ? "mastodon" : "bluesky";
        var account = fixture.Atproto.Add($"r{Guid.NewGuid():N}"[..12] + ".bsky.test", fixture.Dns, refusal == "private_address" ? "https://127.0.0.2" : "https://" + FakeAtproto.PdsHost);
        var username = $"m{Guid.NewGuid():N}"[..12];
        fixture.Mastodon.Usernames.Add(username);
        fixture.Mastodon.Usernames.Add("someone_else");

        var toServer = await page.PostAsync($"/c/{token}/{network}-signin", "en",
            [new("handle", network == "bluesky" ? account.Handle : $"@{username}@mastodon.test")]);
        var before = await NetworkPages.WrittenAsync(H, candidateId, invitation.Id);
        HttpResponseMessage landed = toServer;
        if (refusal != "private_address")
        {
            var callback = await CallbackQueryAsync(refusal, toServer.Headers.Location!.ToString(), invitation.Id);
            if (refusal == "reused_state")
            {
                await page.FollowAsync(await page.GetAsync($"/oauth/{network}/callback{callback}"));
                before = await NetworkPages.WrittenAsync(H, candidateId, invitation.Id);
            }

            landed = await page.GetAsync($"/oauth/{network}/callback{callback}");
        }

        var reason = refusal switch { "reused_state" => "unknown_state", _ => refusal };
        Assert.Equal(HttpStatusCode.BadRequest, landed.StatusCode);
        Assert.Contains($"data-reason=\"{reason}\"", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Nothing was recorded", page.LastHtml, StringComparison.Ordinal);
        // A used state is gone, and with it the page it came from: the page says how to come back instead.
        Assert.Contains(refusal == "reused_state" ? "open the link from your email" : $"href=\"/c/{token}?lang=en\"", page.LastHtml, StringComparison.Ordinal);
        Assert.Equal(before, await NetworkPages.WrittenAsync(H, candidateId, invitation.Id));
        if (refusal != "reused_state")
        {
            Assert.Equal(("opened", 0L, 0L), (before.Status, before.Networks, before.Consents));
        }
    }

    /// <summary>What the network's page sends back for each way a sign-in goes wrong.</summary>
    private async Task<string> CallbackQueryAsync(string refusal, string authorizationUrl, Guid invitationId)
    {
        switch (refusal)
        {
            case "wrong_subject":
                fixture.Atproto.SignInAs = fixture.Atproto.Add($"o{Guid.NewGuid():N}"[..12] + ".bsky.test", fixture.Dns).Did;
                try
                {
                    return fixture.Atproto.Approve(authorizationUrl);
                }
                finally
                {
                    fixture.Atproto.SignInAs = null;
                }

            case "wrong_issuer":
                return fixture.Atproto.Approve(authorizationUrl)
                    .Replace(Uri.EscapeDataString(FakeAtproto.Issuer), Uri.EscapeDataString("https://evil.test"), StringComparison.Ordinal);
            case "wrong_account":
                return fixture.Mastodon.Approve(authorizationUrl, "someone_else");
            case "expired_state":
                await H.ScalarAsync<int>(
                    "update network_sign_in_states set expires_at = now() - interval '1 second' where invitation_id = @invitationId returning 1", new { invitationId });
                return fixture.Atproto.Approve(authorizationUrl);
            default:
                return fixture.Atproto.Approve(authorizationUrl);
        }
    }
}

/// <summary>What the network page tests share: an invitation under default@2 opened on the page, and what an answer wrote.</summary>
internal static class NetworkPages
{
    public static async Task<(Guid TenantId, HttpClient Http, Guid CandidateId, CreatedInvitation Invitation, PageSession Page)> OpenedAsync(
        SignInFixture fixture, string language = "en")
    {
        var (tenantId, http) = await fixture.Harness.NewTenantAsync("Federated Works");
        (await http.PutAsJsonAsync("/v1/policies/active", new { version = "default@2" })).EnsureSuccessStatusCode();
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}");
        var invitation = await CandidatePagesHarness.InviteAsync(http, candidateId, language, sendEmail: false);
        var page = new PageSession(fixture.Harness.BaseUrl, language);
        await page.GetAsync(invitation.Url);
        return (tenantId, http, candidateId, invitation, page);
    }

    public static async Task<(bool Granted, string Method, string Networks)> ConsentAsync(CandidatePagesHarness h, Guid candidateId) =>
        (await h.ScalarAsync<bool>("select granted from candidate_consents where candidate_id = @candidateId order by created_at desc, id desc limit 1", new { candidateId }),
         await h.ScalarAsync<string>("select method from candidate_consents where candidate_id = @candidateId order by created_at desc, id desc limit 1", new { candidateId }),
         await h.ScalarAsync<string>("select networks::text from candidate_consents where candidate_id = @candidateId order by created_at desc, id desc limit 1", new { candidateId }));

    public static async Task<List<(string Subject, string Ownership)>> SubjectsAsync(CandidatePagesHarness h, Guid invitationId)
    {
        var text = await h.ScalarAsync<string>(
            "select string_agg(subject || ' ' || ownership, '|' order by network) from invitation_networks where invitation_id = @invitationId", new { invitationId });
        return [.. text.Split('|').Select(row => (row.Split(' ')[0], row.Split(' ')[1]))];
    }

    /// <summary>The invitation's status and how many network rows, assessments and consent decisions exist for it.</summary>
    public static async Task<(string Status, long Networks, long Assessments, long Consents)> WrittenAsync(CandidatePagesHarness h, Guid candidateId, Guid invitationId) =>
        (await h.ScalarAsync<string>("select status from candidate_invitations where id = @invitationId", new { invitationId }),
         await h.ScalarAsync<long>("select count(*) from invitation_networks where invitation_id = @invitationId", new { invitationId }),
         await h.ScalarAsync<long>("select count(*) from assessments where candidate_id = @candidateId", new { candidateId }),
         await h.ScalarAsync<long>("select count(*) from candidate_consents where candidate_id = @candidateId", new { candidateId }));
}
