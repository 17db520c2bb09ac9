using Microsoft.Playwright;
using RecruitSignal.Tests.CandidatePages;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.Greenhouse;

/// <summary>Greenhouse's loop with a real browser on both human ends: the candidate signs in with X, the recruiter reads the report.</summary>
public sealed class GreenhouseBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task FromSendTestThroughSignInWithXInChromiumToAReportARecruiterCanRead()
    {
        var h = browser.Harness;
        var (_, _, key) = await h.TenantAsync("Acme Recrutement");
        await using var gh = await FakeGreenhouse.StartAsync(h.BaseUrl);
        var username = h.ActiveAccount();
        h.X.OAuth.SignInAs = username;
        var (email, url) = (GreenhouseSteps.NewEmail(), gh.NewTest(key));
        await (await gh.SendTestAsync(key, "default@1", url, email, GreenhouseSteps.NewPersonId())).InterviewIdAsync();
        var link = CandidatePagesHarness.LinkIn(await h.EmailToAsync(email, runSender: false));

        var candidate = await browser.NewPageAsync();
        await candidate.GotoAsync(link);
        await candidate.GetByRole(AriaRole.Button, new() { Name = "Sign in with X" }).ClickAsync();
        await candidate.GetByRole(AriaRole.Heading, new() { Name = "Your answer is recorded" }).WaitForAsync();
        PageWatch.Of(candidate).AssertClean("candidate signed in with X");
        // The lookup worker, then the PATCH loop, run on their own; Greenhouse asks test_status once patched.
        var status = await gh.StatusAfterPatchAsync(url);
        var reportUrl = (string)status["partner_profile_url"]!;

        var recruiter = await browser.NewPageAsync();
        var shown = await recruiter.GotoAsync(reportUrl);
        await PageChecks.CheckAsync(recruiter, "report-en", output);
        var english = await recruiter.InnerTextAsync("main");
        await recruiter.Keyboard.PressAsync("Tab");
        var focused = await recruiter.EvaluateAsync<string>("document.activeElement.textContent");
        await recruiter.Keyboard.PressAsync("Enter");
        await recruiter.GetByRole(AriaRole.Heading, new() { Name = "Présence professionnelle sur X" }).WaitForAsync();
        await PageChecks.CheckAsync(recruiter, "report-fr", output);
        var phone = await browser.NewPageAsync("fr-FR", javaScript: false, width: 360, height: 780);
        var onPhone = await phone.GotoAsync(reportUrl);
        await PageChecks.AssertNoHorizontalScrollAsync(phone, 360);
        await PageChecks.CheckAsync(phone, "report-fr-360-nojs", output, axe: false);

        Assert.Equal("complete", (string?)status["partner_status"]);
        Assert.Equal("verified", (string?)status["metadata"]!["Handle ownership"]);
        Assert.Equal(200, shown!.Status);
        Assert.Contains($"Score: {(int)status["partner_score"]!} out of 100", english, StringComparison.Ordinal);
        Assert.Contains($"@{username}: the candidate proved it is theirs by signing in with X.", english, StringComparison.Ordinal);
        Assert.Contains("Given on", english, StringComparison.Ordinal);
        Assert.Contains("This is a signal for a human recruiter, not a hiring decision.", english, StringComparison.Ordinal);
        Assert.Equal("Français", focused);
        Assert.Equal("fr", await recruiter.GetAttributeAsync("html", "lang"));
        Assert.Equal(200, onPhone!.Status);
        Assert.Contains("Consentement", await phone.InnerTextAsync("main"), StringComparison.Ordinal);
    }
}
