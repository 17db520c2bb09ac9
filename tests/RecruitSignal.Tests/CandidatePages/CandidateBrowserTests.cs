using System.Net.Http.Json;
using Microsoft.Playwright;
using RecruitSignal.Assessments;
using RecruitSignal.Invitations;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.XApi;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.CandidatePages;

/// <summary>The candidate's path in real Chromium: from the email to the recorded answer, in both languages, on a phone, without JavaScript.</summary>
public sealed class CandidateBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private CandidatePagesHarness H => browser.Harness;

    private async Task<(HttpClient Http, Guid CandidateId, string Link)> InvitedAsync(string language, string? username = null, bool byEmail = false)
    {
        var (_, http) = await H.NewTenantAsync("Acme Recrutement");
        var email = $"{Guid.NewGuid():N}@example.com";
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}", email);
        if (username is not null)
        {
            var account = H.X.Add(username);
            account.Posts.AddRange(Enumerable.Range(1, 12).Select(i => new FakePost($"Kubernetes and observability, part {i}", DateTimeOffset.UtcNow.AddDays(-2 * i))));
            account.Posts.AddRange(Enumerable.Range(1, 6).Select(i => new FakePost($"@someone agreed {i}", DateTimeOffset.UtcNow.AddDays(-i), "replied_to")));
        }

        var invitation = await CandidatePagesHarness.InviteAsync(http, candidateId, language, sendEmail: byEmail);
        var link = byEmail ? CandidatePagesHarness.LinkIn(await H.EmailToAsync(email, runSender: false)) : invitation.Url;
        return (http, candidateId, link);
    }

    private static async Task<AssessmentResponse> LatestAsync(HttpClient http, Guid candidateId, Func<AssessmentResponse, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            var latest = (await (await http.GetAsync($"/v1/candidates/{candidateId}/assessments?limit=1")).ReadAsync<Candidates.AssessmentList>()).Items[0];
            if (until(latest) || DateTime.UtcNow > deadline)
            {
                return latest;
            }

            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task FromTheEmailToAVerifiedAssessmentBySigningInWithX()
    {
        var username = $"e{Guid.NewGuid():N}"[..15];
        H.X.OAuth.SignInAs = username;
        var (http, candidateId, link) = await InvitedAsync("en", username, byEmail: true);
        var page = await browser.NewPageAsync();

        var shown = await page.GotoAsync(link);
        await PageChecks.CheckAsync(page, "invitation-en", output);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with X" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your answer is recorded" }).WaitForAsync();
        await PageChecks.CheckAsync(page, "answered-verified-en", output);
        var assessment = await LatestAsync(http, candidateId, a => a.Status != AssessmentStatus.Pending);

        Assert.Equal(200, shown!.Status);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains($"@{username}", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(AssessmentStatus.Completed, assessment.Status);
        Assert.Equal(new AssessmentHandle(username, HandleOwnership.Verified), assessment.Handle);
        Assert.Equal(PresenceTier.Engaged, assessment.PresenceTier);
    }

    [Fact]
    public async Task TheSamePathWorksWithJavaScriptOffInFrenchOnA360PixelPhone()
    {
        var username = $"j{Guid.NewGuid():N}"[..15];
        H.X.OAuth.SignInAs = username;
        var (http, candidateId, link) = await InvitedAsync("fr", username);
        var page = await browser.NewPageAsync("fr-FR", javaScript: false, width: 360, height: 780);

        await page.GotoAsync(link);
        await PageChecks.AssertNoHorizontalScrollAsync(page, 360);
        await PageChecks.CheckAsync(page, "invitation-fr-360-nojs", output, axe: false);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter avec X" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Votre réponse est enregistrée" }).WaitForAsync();
        await PageChecks.AssertNoHorizontalScrollAsync(page, 360);
        await PageChecks.CheckAsync(page, "answered-verified-fr-360-nojs", output, axe: false);
        var assessment = await LatestAsync(http, candidateId, a => a.Status != AssessmentStatus.Pending);

        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(new AssessmentHandle(username, HandleOwnership.Verified), assessment.Handle);
        Assert.Equal(AssessmentStatus.Completed, assessment.Status);
    }

    [Fact]
    public async Task TheFrenchPageOnAPhoneIsReadableAndSwitchesToEnglish()
    {
        var (_, _, link) = await InvitedAsync("fr");
        var page = await browser.NewPageAsync("fr-FR", width: 360, height: 780);

        await page.GotoAsync(link);
        await PageChecks.AssertNoHorizontalScrollAsync(page, 360);
        await PageChecks.CheckAsync(page, "invitation-fr-360", output);
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Acme Recrutement( [0-9]+)? asks about your X account$") }).WaitForAsync();

        PageWatch.Of(page).AssertClean("invitation-fr-360, then in English");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        Assert.Equal(3, await page.Locator("header, main, footer").CountAsync());
    }

    [Fact]
    public async Task ATypedHandleIsClaimedAfterAClearErrorAndCanBeWithdrawn()
    {
        var (http, candidateId, link) = await InvitedAsync("fr");
        var page = await browser.NewPageAsync("fr-FR");

        await page.GotoAsync(link);
        await page.GetByLabel("Votre nom d'utilisateur X").FillAsync("https://linkedin.com/in/camille");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer mon nom d'utilisateur" }).ClickAsync();
        await page.GetByRole(AriaRole.Alert).WaitForAsync();
        await PageChecks.CheckAsync(page, "handle-error-fr", output);
        await page.GetByLabel("Votre nom d'utilisateur X").FillAsync("@camille_tape");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer mon nom d'utilisateur" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Votre réponse est enregistrée" }).WaitForAsync();
        await PageChecks.CheckAsync(page, "answered-claimed-fr", output);
        var claimed = await LatestAsync(http, candidateId, a => a.Handle is not null);
        await page.GetByRole(AriaRole.Button, new() { Name = "Retirer mon consentement" }).ClickAsync();
        await page.GetByText("Vous avez retiré votre consentement").WaitForAsync();
        await PageChecks.CheckAsync(page, "withdrawn-fr", output);
        var afterWithdrawal = await LatestAsync(http, candidateId, a => a.Status != AssessmentStatus.Pending);

        Assert.Equal(new AssessmentHandle("camille_tape", HandleOwnership.Claimed), claimed.Handle);
        Assert.NotEqual(AssessmentStatus.Pending, afterWithdrawal.Status);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button).CountAsync());
    }

    [Fact]
    public async Task NoAccountAndARefusalAreRecordedAsTheCandidateSaidThem()
    {
        var (http, candidateId, link) = await InvitedAsync("en");
        var (http2, candidateId2, link2) = await InvitedAsync("fr");
        var page = await browser.NewPageAsync();

        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "I have no X account" }).ClickAsync();
        await page.GetByText("You said that you have no X account").WaitForAsync();
        await PageChecks.CheckAsync(page, "answered-no-account-en", output);
        await page.GotoAsync(link2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Je refuse" }).ClickAsync();
        await page.GetByText("Vous avez refusé").WaitForAsync();
        await PageChecks.CheckAsync(page, "answered-declined-fr", output);
        var none = await LatestAsync(http, candidateId, _ => true);
        var declined = await LatestAsync(http2, candidateId2, _ => true);

        Assert.Equal((PresenceTier.Absent, ReasonCodes.CandidateStatedNoAccount), (none.PresenceTier, none.ReasonCodes[^1]));
        Assert.Equal((PresenceTier.Unverified, (int?)null, Band.Unknown), (declined.PresenceTier, declined.Score, declined.Band));
        Assert.Equal([ReasonCodes.CandidateDeclined], declined.ReasonCodes);
    }

    [Fact]
    public async Task EndedUnknownAndUncheckedAnswersGetAClearPage()
    {
        var (_, _, expired) = await InvitedAsync("fr");
        await H.ScalarAsync<int>("update candidate_invitations set expires_at = now() - interval '1 minute' where token_hash = sha256(convert_to(@token, 'UTF8')) returning 1",
            new { token = expired[^43..] });
        var (_, _, link) = await InvitedAsync("en");
        H.X.OAuth.DenyNext = true;
        var page = await browser.NewPageAsync("fr-FR");

        var gone = await page.GotoAsync(expired);
        await PageChecks.CheckAsync(page, "expired-fr", output);
        var unknown = await page.GotoAsync($"{H.BaseUrl}/c/{InvitationToken.New()}");
        await PageChecks.CheckAsync(page, "unknown-fr", output);
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with X" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in with X was cancelled" }).WaitForAsync();
        await PageChecks.CheckAsync(page, "signin-cancelled-en", output);
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the invitation" }).ClickAsync();
        await page.Context.ClearCookiesAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I refuse" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your answer was not sent" }).WaitForAsync();
        await PageChecks.CheckAsync(page, "form-unchecked-en", output);

        Assert.Equal((410, 404), (gone!.Status, unknown!.Status));
        Assert.Equal("opened", await H.ScalarAsync<string>("select status from candidate_invitations where token_hash = sha256(convert_to(@token, 'UTF8'))", new { token = link[^43..] }));
    }

    [Fact]
    public async Task EveryChoiceCanBeReachedAndSubmittedWithTheKeyboardAlone()
    {
        var username = $"k{Guid.NewGuid():N}"[..15];
        H.X.OAuth.SignInAs = username;
        var (http, candidateId, signIn) = await InvitedAsync("en", username);
        var (typedHttp, typedId, typed) = await InvitedAsync("en");
        var (noneHttp, noneId, none) = await InvitedAsync("en");
        var (declineHttp, declineId, decline) = await InvitedAsync("en");
        var page = await browser.NewPageAsync();

        await page.GotoAsync(signIn);
        await TabToAsync(page, "Sign in with X", "BUTTON");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your answer is recorded" }).WaitForAsync();
        await TabToAsync(page, "Withdraw my consent", "BUTTON");
        await page.Keyboard.PressAsync("Space");
        await page.GetByText("You withdrew your consent").WaitForAsync();

        await page.GotoAsync(typed);
        await TabToAsync(page, "", "INPUT");
        await page.Keyboard.TypeAsync("camille_keys");
        await TabToAsync(page, "Send my username", "BUTTON");
        await page.Keyboard.PressAsync("Space");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your answer is recorded" }).WaitForAsync();

        await page.GotoAsync(none);
        await TabToAsync(page, "I have no X account", "BUTTON");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText("You said that you have no X account").WaitForAsync();

        await page.GotoAsync(decline);
        await TabToAsync(page, "I refuse", "BUTTON");
        await page.Keyboard.PressAsync("Space");
        await page.GetByText("You refused").WaitForAsync();

        PageWatch.Of(page).AssertClean("every choice by keyboard");
        Assert.Equal(HandleOwnership.Verified, (await LatestAsync(http, candidateId, a => a.Handle is not null)).Handle?.Ownership);
        Assert.Equal("camille_keys", (await LatestAsync(typedHttp, typedId, a => a.Handle is not null)).Handle?.Username);
        Assert.Equal(PresenceTier.Absent, (await LatestAsync(noneHttp, noneId, _ => true)).PresenceTier);
        Assert.Contains(ReasonCodes.CandidateDeclined, (await LatestAsync(declineHttp, declineId, _ => true)).ReasonCodes);
    }

    /// <summary>Presses Tab until the focused element is the one named (a visible focus ring must show on it), at most 40 times.</summary>
    private static async Task TabToAsync(IPage page, string name, string tag)
    {
        for (var presses = 0; presses < 40; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string[]>("[document.activeElement.tagName, document.activeElement.textContent.trim(), getComputedStyle(document.activeElement).outlineStyle]");
            if (focused[0] == tag && (name.Length == 0 || focused[1] == name))
            {
                Assert.NotEqual("none", focused[2]);
                return;
            }
        }

        Assert.Fail($"Tab never reached the {tag} '{name}'.");
    }
}
