using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Invitations;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.XApi;

namespace RecruitSignal.Tests.CandidatePages;

[Collection(CandidatePagesGroup.Name)]
public sealed class XSignInTests(CandidatePagesFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    private async Task<(Guid TenantId, HttpClient Http, Guid CandidateId, CreatedInvitation Invitation, PageSession Page)> OpenedAsync(string username)
    {
        var (tenantId, http) = await H.NewTenantAsync("Initech");
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}");
        var invitation = await CandidatePagesHarness.InviteAsync(http, candidateId, sendEmail: false);
        var account = H.X.Add(username);
        account.Posts.AddRange(Enumerable.Range(1, 8).Select(i => new FakePost($"Kubernetes note {i}", DateTimeOffset.UtcNow.AddDays(-i))));
        var page = new PageSession(H.BaseUrl);
        await page.GetAsync(invitation.Url);
        return (tenantId, http, candidateId, invitation, page);
    }

    private static string StateOf(HttpResponseMessage redirect) =>
        System.Web.HttpUtility.ParseQueryString(redirect.Headers.Location!.Query)["state"]!;

    [Fact]
    public async Task SignInWithXRecordsAVerifiedHandleRevokesTheTokenAndKeepsNoSecret()
    {
        var username = $"v{Guid.NewGuid():N}"[..15];
        H.X.OAuth.SignInAs = username;
        var (tenantId, http, candidateId, invitation, page) = await OpenedAsync(username);
        await SubscribeAsync(tenantId);

        var toX = await page.PostAsync($"{invitation.Url}/x-signin", "en");
        var state = StateOf(toX);
        var back = await page.FollowAsync(toX);
        var code = H.X.OAuth.IssuedCodes.Last();
        var accessToken = H.X.OAuth.IssuedTokens.Last();
        var answered = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var pending = await (await http.GetAsync($"/v1/assessments/{answered.AssessmentId}")).ReadAssessmentAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await H.Factory.Services.GetRequiredService<RecruitSignal.Lookups.LookupWorker>().ProcessDueAsync(timeout.Token);
        var completed = await (await http.GetAsync($"/v1/assessments/{answered.AssessmentId}")).ReadAssessmentAsync();
        var token = invitation.Url[^43..];

        Assert.StartsWith(H.X.BaseUrl.TrimEnd('/') + "/i/oauth2/authorize?", toX.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", toX.Headers.Location!.Query, StringComparison.Ordinal);
        Assert.Contains("scope=users.read%20tweet.read", toX.Headers.Location!.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Contains($"You signed in with X as @{username}", page.LastHtml, StringComparison.Ordinal);
        Assert.Equal((InvitationStatus.Completed, InvitationOutcome.XSignin), (answered.Status, answered.Outcome));
        Assert.Equal((AssessmentStatus.Pending, new AssessmentHandle(username, HandleOwnership.Verified)), (pending.Status, pending.Handle));
        Assert.Equal(AssessmentStatus.Completed, completed.Status);
        Assert.Equal(HandleOwnership.Verified, completed.Handle!.Ownership);
        Assert.NotEqual(PresenceTier.Unverified, completed.PresenceTier);
        Assert.Equal([accessToken], H.X.OAuth.RevokedTokens.Where(t => t == accessToken));
        Assert.Empty(H.X.OAuth.Refusals);
        var consent = await ConsentAsync(candidateId);
        Assert.Equal((true, "candidate_page_x_signin", "en", 32), (consent.Granted, consent.Method, consent.Language, consent.NoticeHash.Length));
        await using (var connection = new Npgsql.NpgsqlConnection(H.ConnectionString))
        {
            var employer = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "select name from tenants where id = @tenantId", new { tenantId });
            Assert.Equal(RecruitSignal.CandidatePages.Texts.English.NoticeHash(employer!, [RecruitSignal.Presence.Networks.X], 90, 730), consent.NoticeHash);
        }
        var explanation = await (await http.GetAsync($"/v1/assessments/{answered.AssessmentId}/explanation")).ReadAsync<JsonObject>();
        Assert.Equal($"The account @{username} is yours: you proved it by signing in with X.", (string?)explanation["observed"]![0]);
        var export = await (await http.GetAsync($"/v1/candidates/{candidateId}/export")).ReadAsync<JsonObject>();
        Assert.Equal(("x_signin", "completed"), ((string?)export["invitations"]![0]!["outcome"], (string?)export["invitations"]![0]!["status"]));
        Assert.Equal(Convert.ToHexStringLower(consent.NoticeHash), (string?)export["consents"]![0]!["noticeHash"]);
        Assert.Equal("verified", (string?)export["assessments"]![0]!["handle"]!["ownership"]);
        Assert.Equal((long)1, await H.ScalarAsync<long>("select count(*) from webhook_events where tenant_id = @tenantId and type = 'invitation.completed'", new { tenantId }));
        Assert.Equal(["invitation_created", "invitation_opened", "screening_created", "invitation_completed", "candidate_exported"],
            (await AuditAsync(tenantId)).Skip(1).ToList());
        foreach (var secret in new[] { token, code, accessToken, state })
        {
            Assert.Empty(await H.PlacesHoldingAsync(secret));
            Assert.DoesNotContain(H.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task EveryWayASignInCanFailRecordsNothingAndTheCandidateCanStartAgain()
    {
        var username = $"f{Guid.NewGuid():N}"[..15];
        H.X.OAuth.SignInAs = username;
        var (_, http, candidateId, invitation, page) = await OpenedAsync(username);

        H.X.OAuth.DenyNext = true;
        var denied = await page.FollowAsync(await page.PostAsync($"{invitation.Url}/x-signin", "fr"));
        var deniedHtml = page.LastHtml;
        await page.GetAsync(invitation.Url);
        H.X.OAuth.TokenFailures = 1;
        var tokenFailed = await page.FollowAsync(await page.PostAsync($"{invitation.Url}/x-signin", "en"));
        await page.GetAsync(invitation.Url);
        H.X.OAuth.MeFailures = 1;
        var meFailed = await page.FollowAsync(await page.PostAsync($"{invitation.Url}/x-signin", "en"));
        var revokedAfterMeFailed = H.X.OAuth.RevokedTokens.Contains(H.X.OAuth.IssuedTokens.Last());
        await page.GetAsync(invitation.Url);
        var toX = await page.PostAsync($"{invitation.Url}/x-signin", "en");
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var fromX = await noRedirects.GetAsync(toX.Headers.Location); // the fake's redirect, not followed
        var callback = fromX.Headers.Location!.PathAndQuery;
        var tampered = await page.GetAsync(callback.Replace("state=", "state=x", StringComparison.Ordinal));
        await using (var connection = new NpgsqlConnection(H.ConnectionString))
        {
            await connection.ExecuteAsync("update invitation_oauth_states set expires_at = now() - interval '1 second' where invitation_id = @id", new { id = invitation.Id });
        }

        var expired = await page.GetAsync(callback);
        var replayed = await page.GetAsync(callback);
        var untouched = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        await page.GetAsync(invitation.Url);
        var again = await page.FollowAsync(await page.PostAsync($"{invitation.Url}/x-signin", "en"));
        var done = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();

        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        Assert.Contains("La connexion avec X a été annulée", deniedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadGateway, tokenFailed.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, meFailed.StatusCode);
        Assert.True(revokedAfterMeFailed);
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], new[] { tampered.StatusCode, expired.StatusCode, replayed.StatusCode });
        Assert.Equal((InvitationStatus.Opened, (InvitationOutcome?)null), (untouched.Status, untouched.Outcome));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(InvitationOutcome.XSignin, done.Outcome);
        Assert.Equal(1, await H.ScalarAsync<long>("select count(*) from candidate_consents where candidate_id = @candidateId", new { candidateId }));
        Assert.Equal(0, await H.ScalarAsync<long>("select count(*) from invitation_oauth_states where invitation_id = @id", new { id = invitation.Id }));
        page.Dispose();
    }

    [Fact]
    public async Task ATypedHandleIsClaimedAndAPolicyThatRequiresProofLeavesItUnverifiedWithoutReadingX()
    {
        var (tenantId, http, candidateId, invitation, page) = await OpenedAsync($"c{Guid.NewGuid():N}"[..15]);
        await http.PostAsJsonAsync("/v1/policies", Integration.Trust.TrustRequests.Policy("proof").With("requireVerifiedOwnership", true));
        await http.PutAsJsonAsync("/v1/policies/active", new JsonObject { ["version"] = "proof@1" });

        var invalid = await page.PostAsync($"{invitation.Url}/handle", "en", [new("handle", "linkedin.com/in/camille")]);
        var invalidHtml = page.LastHtml;
        await page.FollowAsync(await page.PostAsync($"{invitation.Url}/handle", "en", [new("handle", "@Camille_Typed")]));
        var state = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var assessment = await (await http.GetAsync($"/v1/assessments/{state.AssessmentId}")).ReadAssessmentAsync();
        var candidate = await (await http.GetAsync($"/v1/candidates/{candidateId}")).ReadAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("This is not an X username", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", invalidHtml, StringComparison.Ordinal);
        Assert.Equal(new AssessmentHandle("Camille_Typed", HandleOwnership.Claimed), assessment.Handle);
        Assert.Equal((PresenceTier.Unverified, AssessmentStatus.Completed), (assessment.PresenceTier, assessment.Status));
        Assert.Equal([ReasonCodes.HandleNotVerified], assessment.ReasonCodes);
        Assert.Equal(("Camille_Typed", "claimed"), ((string?)candidate["handle"], (string?)candidate["handleOwnership"]));
        Assert.Equal(0, await H.ScalarAsync<long>("select count(*) from presence_lookup_jobs where tenant_id = @tenantId", new { tenantId }));
        page.Dispose();
    }

    [Fact]
    public async Task WithdrawingStopsThePendingLookupAnnouncesItAndALaterAtsScreeningKeepsTheProvenHandle()
    {
        var username = $"w{Guid.NewGuid():N}"[..15];
        H.X.OAuth.SignInAs = username;
        var (tenantId, http, candidateId, invitation, page) = await OpenedAsync(username);
        await SubscribeAsync(tenantId);
        await page.FollowAsync(await page.PostAsync($"{invitation.Url}/x-signin", "en"));
        var externalId = (string)(await (await http.GetAsync($"/v1/candidates/{candidateId}")).ReadAsync<JsonObject>())["externalId"]!;
        var atsAgain = await http.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional(externalId).With("candidate.twitter", null).With("evidence", null));
        var candidate = await (await http.GetAsync($"/v1/candidates/{candidateId}")).ReadAsync<JsonObject>();

        var withdrawn = await page.FollowAsync(await page.PostAsync($"{invitation.Url}/withdraw", "en"));
        var withdrawnHtml = page.LastHtml;
        var second = await page.PostAsync($"{invitation.Url}/withdraw", "en");
        var state = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var lookup = await (await http.GetAsync($"/v1/assessments/{state.AssessmentId}")).ReadAssessmentAsync();

        Assert.Equal(HttpStatusCode.Created, atsAgain.StatusCode);
        Assert.Equal((username, "verified"), ((string?)candidate["handle"], (string?)candidate["handleOwnership"]));
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Contains("You withdrew your consent", withdrawnHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Withdraw my consent", withdrawnHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, second.StatusCode);
        Assert.NotNull(state.WithdrawnAt);
        Assert.Equal(AssessmentStatus.Failed, lookup.Status);
        Assert.Contains(ReasonCodes.NoConsentForLookup, lookup.ReasonCodes);
        Assert.False((await ConsentAsync(candidateId)).Granted);
        var events = await H.ScalarAsync<string>("select string_agg(body, '|') from webhook_events where tenant_id = @tenantId and type = 'consent.withdrawn'", new { tenantId });
        Assert.Contains($"\"candidateId\":\"{candidateId}\"", events, StringComparison.Ordinal);
        Assert.Contains("\"cancelledLookups\":1", events, StringComparison.Ordinal);
        Assert.Contains("consent_withdrawn", await AuditAsync(tenantId));
        page.Dispose();
    }

    private async Task<(bool Granted, string Method, string? Language, byte[] NoticeHash)> ConsentAsync(Guid candidateId)
    {
        await using var connection = new NpgsqlConnection(H.ConnectionString);
        return await connection.QuerySingleAsync<(bool, string, string?, byte[])>(
            "select granted, method, language, notice_hash from candidate_consents where candidate_id = @candidateId order by created_at desc limit 1", new { candidateId });
    }

    private async Task<List<string>> AuditAsync(Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(H.ConnectionString);
        return (await connection.QueryAsync<string>("select action from audit_log where tenant_id = @tenantId order by id", new { tenantId })).ToList();
    }

    private async Task SubscribeAsync(Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(H.ConnectionString);
        await connection.ExecuteAsync("""
            insert into webhook_subscriptions (tenant_id, id, url, events, signing_secret, created_at)
            values (@tenantId, @id, 'https://ats.example.com/hooks', '{invitation.completed,invitation.declined,consent.withdrawn}', 'whsec_test', now())
            """, new { tenantId, id = Guid.CreateVersion7() });
    }
}
