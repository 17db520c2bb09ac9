using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Invitations;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.CandidatePages;

[Collection(CandidatePagesGroup.Name)]
public sealed class InvitationApiTests(CandidatePagesFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    [Fact]
    public async Task InvitationEmailIsInTheInvitationsLanguageWithBothPartsTheEmployerTheExpiryAndNoImage()
    {
        var (_, http) = await H.NewTenantAsync("Acme Recrutement");
        var email = $"{Guid.NewGuid():N}@example.com";
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}", email);

        var invitation = await CandidatePagesHarness.InviteAsync(http, candidateId, "fr", days: 10);
        var message = await H.EmailToAsync(email);

        Assert.True(invitation.EmailSent);
        Assert.Equal(InvitationStatus.Pending, invitation.Status);
        Assert.StartsWith(H.BaseUrl + "/c/", invitation.Url, StringComparison.Ordinal);
        Assert.Equal(invitation.Url, CandidatePagesHarness.LinkIn(message));
        Assert.Contains("Acme Recrutement", message.Subject, StringComparison.Ordinal);
        Assert.Equal("fr", message.Body!.Headers["Content-Language"]);
        Assert.NotNull(message.TextBody);
        Assert.NotNull(message.HtmlBody);
        var expiry = RecruitSignal.CandidatePages.Texts.French.Date(invitation.ExpiresAt);
        foreach (var part in new[] { message.TextBody!, message.HtmlBody! })
        {
            Assert.Contains("Acme Recrutement", part, StringComparison.Ordinal);
            Assert.Contains(invitation.Url, part, StringComparison.Ordinal);
            Assert.Contains(expiry, part, StringComparison.Ordinal);
            Assert.Contains("candidature", part, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<img", message.HtmlBody!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", message.HtmlBody!, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(message.Attachments);
        var links = System.Text.RegularExpressions.Regex.Matches(message.HtmlBody!, "https?://[^\"<\\s]+").Select(m => m.Value).Distinct();
        Assert.Equal([invitation.Url], links);
        var state = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        Assert.Equal(("sent", 1), (state.Email!.Status, state.Email.Attempts));
    }

    [Fact]
    public async Task TheTokenIsStoredOnlyHashedBeforeAndAfterTheEmailLeaves()
    {
        var (_, http) = await H.NewTenantAsync("Hashco");
        var email = $"{Guid.NewGuid():N}@example.com";
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}", email);

        var invitation = await CandidatePagesHarness.InviteAsync(http, candidateId);
        var token = invitation.Url[(invitation.Url.LastIndexOf('/') + 1)..];
        var beforeSending = await H.PlacesHoldingAsync(token);
        await H.EmailToAsync(email);
        var afterSending = await H.PlacesHoldingAsync(token);

        Assert.Equal(43, token.Length);
        Assert.Empty(beforeSending);
        Assert.Empty(afterSending);
        Assert.Equal(0, await H.ScalarAsync<long>("select count(*) from invitation_emails where invitation_id = @id and protected_link is not null", new { id = invitation.Id }));
        Assert.DoesNotContain(token, H.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmailQueuedWhileSmtpIsDownArrivesOnceItIsBack()
    {
        var (_, http) = await H.NewTenantAsync("Resilient");
        var email = $"{Guid.NewGuid():N}@example.com";
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}", email);
        H.StopSmtp();
        InvitationResponse whileDown;
        try
        {
            var invitation = await CandidatePagesHarness.InviteAsync(http, candidateId);
            await H.Sender.ProcessDueAsync(CancellationToken.None);
            whileDown = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        }
        finally
        {
            H.StartSmtp();
        }

        var message = await H.EmailToAsync(email);
        var invitationId = whileDown.Id;
        var afterwards = await (await http.GetAsync($"/v1/invitations/{invitationId}")).ReadAsync<InvitationResponse>();

        Assert.Equal("pending", whileDown.Email!.Status);
        Assert.Equal(1, whileDown.Email.Attempts);
        Assert.NotNull(whileDown.Email.LastError);
        Assert.NotNull(message.TextBody);
        Assert.Equal("sent", afterwards.Email!.Status);
        Assert.True(afterwards.Email.Attempts >= 2);
    }

    [Fact]
    public async Task GetShowsTheInvitationAndDeleteCancelsItOnceAndForAll()
    {
        var (_, http) = await H.NewTenantAsync("Cancelco");
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}");
        var invitation = await CandidatePagesHarness.InviteAsync(http, candidateId, "en", sendEmail: false);

        var pending = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        var cancelled = await http.DeleteAsync($"/v1/invitations/{invitation.Id}");
        var again = await http.DeleteAsync($"/v1/invitations/{invitation.Id}");
        var after = await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>();
        using var page = new PageSession(H.BaseUrl);
        var shown = await page.GetAsync(invitation.Url);

        Assert.False(invitation.EmailSent);
        Assert.Equal((InvitationStatus.Pending, candidateId, (InvitationEmailDelivery?)null), (pending.Status, pending.CandidateId, pending.Email));
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent], new[] { cancelled.StatusCode, again.StatusCode });
        Assert.Equal(InvitationStatus.Cancelled, after.Status);
        Assert.NotNull(after.CancelledAt);
        Assert.Equal(HttpStatusCode.Gone, shown.StatusCode);
        Assert.Contains("This invitation was withdrawn", page.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInvitationRequestsNameTheFieldAndWriteNothing()
    {
        var (tenantId, http) = await H.NewTenantAsync("Strict");
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}");
        var noEmail = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}", email: null!);
        var cases = new (JsonObject Body, Guid Candidate, string Field)[]
        {
            (new JsonObject { ["language"] = "de" }, candidateId, "language"),
            (new JsonObject { ["language"] = "" }, candidateId, "language"),
            (new JsonObject { ["language"] = "fr", ["expiresInDays"] = 0 }, candidateId, "expiresInDays"),
            (new JsonObject { ["language"] = "fr", ["expiresInDays"] = 61 }, candidateId, "expiresInDays"),
            (new JsonObject { ["language"] = "fr", ["email"] = "not-an-address" }, candidateId, "email"),
            (new JsonObject { ["language"] = "fr", ["expiresInDays"] = "soon" }, candidateId, "expiresInDays"),
            (new JsonObject { ["language"] = "fr", ["sendEmail"] = true }, noEmail, "email"),
        };

        foreach (var (body, candidate, field) in cases)
        {
            var response = await http.PostAsJsonAsync($"/v1/candidates/{candidate}/invitations", body);
            var problem = await response.ReadAsync<JsonObject>();
            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{body.ToJsonString()}: {response.StatusCode} {problem} {H.Logs.Lines.LastOrDefault(l => l.StartsWith("Error", StringComparison.Ordinal))}");
            Assert.NotNull(problem["errors"]![field]);
        }

        Assert.Equal(0, await H.ScalarAsync<long>("select count(*) from candidate_invitations where tenant_id = @tenantId", new { tenantId }));
        Assert.Equal(0, await H.ScalarAsync<long>("select count(*) from invitation_emails where tenant_id = @tenantId", new { tenantId }));
    }

    [Fact]
    public async Task AnotherTenantsCandidateOrInvitationIsNotFound()
    {
        var (_, mine) = await H.NewTenantAsync("Mine");
        var (otherTenantId, theirs) = await H.NewTenantAsync("Theirs");
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(mine, $"ats-{Guid.NewGuid():N}");
        var invitation = await CandidatePagesHarness.InviteAsync(mine, candidateId, sendEmail: false);

        var get = await theirs.GetAsync($"/v1/invitations/{invitation.Id}");
        var delete = await theirs.DeleteAsync($"/v1/invitations/{invitation.Id}");
        var create = await theirs.PostAsJsonAsync($"/v1/candidates/{candidateId}/invitations", new JsonObject { ["language"] = "en" });

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { get.StatusCode, delete.StatusCode, create.StatusCode });
        Assert.Equal(InvitationStatus.Pending, (await (await mine.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>()).Status);
        Assert.Equal(0, await H.ScalarAsync<long>("select count(*) from candidate_invitations where tenant_id = @otherTenantId", new { otherTenantId }));
    }

    [Fact]
    public async Task ErasingTheCandidateErasesTheirInvitationsAndTheEmailAddressTheyWereSentTo()
    {
        var (_, http) = await H.NewTenantAsync("Forgetful");
        var email = $"{Guid.NewGuid():N}@example.com";
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}", email);
        var invitation = await CandidatePagesHarness.InviteAsync(http, candidateId);
        await H.EmailToAsync(email);
        Assert.NotEmpty(await H.PlacesHoldingAsync(email));

        var erased = await http.DeleteAsync($"/v1/candidates/{candidateId}");

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Empty(await H.PlacesHoldingAsync(email));
        Assert.Equal(["audit_log.target_id"], await H.PlacesHoldingAsync(invitation.Id.ToString())); // ids only, linked to nothing
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/v1/invitations/{invitation.Id}")).StatusCode);
        using var page = new PageSession(H.BaseUrl);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync(invitation.Url)).StatusCode);
    }

    [Fact]
    public async Task AnInvitationWithoutALanguageSpeaksTheTenantsInvitationLanguage()
    {
        var (_, http) = await H.NewTenantAsync("Parisienne");
        var email = $"{Guid.NewGuid():N}@example.com";
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}", email);

        var initially = await (await http.GetAsync("/v1/settings/invitations")).ReadAsync<InvitationSettings>();
        var refused = await http.PutAsJsonAsync("/v1/settings/invitations", new JsonObject { ["language"] = "de" });
        var set = await http.PutAsJsonAsync("/v1/settings/invitations", new JsonObject { ["language"] = "fr" });
        var created = await http.PostAsJsonAsync($"/v1/candidates/{candidateId}/invitations", new JsonObject());
        var invitation = await created.ReadAsync<CreatedInvitation>();
        var message = await H.EmailToAsync(email);

        Assert.Equal("en", initially.Language);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("fr", (await (await http.GetAsync($"/v1/invitations/{invitation.Id}")).ReadAsync<InvitationResponse>()).Language);
        Assert.Equal("fr", message.Body!.Headers["Content-Language"]);
    }
}
