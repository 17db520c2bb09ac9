using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Invitations;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.CandidatePages;

/// <summary>The shared test service has no XOAuth__ClientId: Sign in with X is neither shown nor reachable.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class WithoutXOAuthTests(ApiFixture api)
{
    [Fact]
    public async Task WithoutAnOAuthClientTheSignInChoiceIsNotShownAndItsEndpointSaysItIsNotAvailable()
    {
        var tenant = await api.NewTenantAsync();
        var screened = await tenant.ScreenAsync(Requests.EngagedProfessional($"ats-{Guid.NewGuid():N}"));
        var candidateId = (await screened.ReadAssessmentAsync()).CandidateId;
        var created = await tenant.Http.PostAsJsonAsync($"/v1/candidates/{candidateId}/invitations", new JsonObject { ["language"] = "en", ["sendEmail"] = true });
        var invitation = await created.ReadAsync<CreatedInvitation>();
        var link = new Uri(invitation.Url).AbsolutePath;
        using var page = new PageSession(api.Factory.CreateClient().BaseAddress!.ToString());

        var shown = await page.GetAsync(link);
        var html = page.LastHtml;
        var signIn = await page.PostAsync($"{link}/x-signin", "en");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False(invitation.EmailSent); // no Smtp__Host either: the ATS passes the link on
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.DoesNotContain("Sign in with X", html, StringComparison.Ordinal);
        Assert.Contains("Type my username", html, StringComparison.Ordinal);
        Assert.Contains("form-action 'self';", string.Join("", shown.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
        Assert.Contains("Sign in with X is not available", page.LastHtml, StringComparison.Ordinal);
    }
}
