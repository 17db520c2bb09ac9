using Microsoft.Playwright;
using RecruitSignal.Invitations;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.SignIn;

/// <summary>
/// The service with the networks' fakes (<see cref="SignInFixture"/>), the networks' authorization pages, and one Debian
/// Chromium that reaches those pages at their own names (auth.test, mastodon.test) through its host resolver rules.
/// </summary>
public sealed class NetworkBrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public SignInFixture Networks { get; } = new();

    public FakeAuthorizationPages Pages { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Networks.InitializeAsync();
        Pages = await FakeAuthorizationPages.StartAsync(Networks);
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchAsync(_playwright,
            $"--host-resolver-rules=MAP {FakeAtproto.AuthHost} 127.0.0.1:{Pages.Port}, MAP mastodon.test 127.0.0.1:{Pages.Port}",
            "--ignore-certificate-errors");
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Pages.DisposeAsync();
        await Networks.DisposeAsync();
    }
}

/// <summary>
/// Sign in with Bluesky and Mastodon, and typed handles, in real Chromium on a 360 px phone, driven from the keyboard
/// alone, in English and French; axe and a screenshot on every page state. The networks' authorization pages are the
/// fakes' (answered through Playwright's routing, as the candidate approving on their server), the rest is real HTTP.
/// </summary>
public sealed class NetworkBrowserTests(NetworkBrowserFixture fixture, ITestOutputHelper output) : IClassFixture<NetworkBrowserFixture>
{
    private SignInFixture N => fixture.Networks;

    /// <summary>An invitation under default@2 opened on a phone, whose network authorization pages approve as <paramref name="mastodonUser"/> (Mastodon) or the login hint (Bluesky).</summary>
    private async Task<(HttpClient Http, Guid InvitationId, IPage Page)> OpenedAsync(string language, string mastodonUser)
    {
        var (_, http, _, invitation, _) = await NetworkPages.OpenedAsync(N, language);
        var page = await BrowserFixture.NewPageAsync(fixture.Browser, language == "fr" ? "fr-FR" : "en-GB", width: 360, height: 780);
        fixture.Pages.MastodonUser = mastodonUser;
        await page.GotoAsync(invitation.Url);
        return (http, invitation.Id, page);
    }

    /// <summary>On the network's page: approve from the keyboard.</summary>
    private static async Task ApproveFromTheKeyboardAsync(IPage page)
    {
        await page.Locator("#approve").WaitForAsync();
        await TabToAsync(page, "#approve");
        await page.Keyboard.PressAsync("Enter");
    }

    [Fact]
    public async Task BlueskyThenMastodonSignInsFromTheKeyboardOnAPhoneInEnglishEndVerified()
    {
        var username = $"k{Guid.NewGuid():N}"[..12];
        N.Mastodon.Usernames.Add(username);
        var account = N.Atproto.Add($"k{Guid.NewGuid():N}"[..12] + ".bsky.test", N.Dns);
        var (http, invitationId, page) = await OpenedAsync("en", username);

        await CheckAsync(page, "networks-invitation-en-360");
        await TabToAsync(page, "#handle-bluesky");
        await page.Keyboard.TypeAsync(account.Handle);
        await TabToAsync(page, "button[formaction$='/bluesky-signin']");
        await page.Keyboard.PressAsync("Enter");
        await ApproveFromTheKeyboardAsync(page);
        await page.GetByText($"Bluesky: you signed in as {account.Handle}").WaitForAsync();
        await CheckAsync(page, "networks-answered-bluesky-en-360");
        await TabToAsync(page, "#handle-mastodon");
        await page.Keyboard.TypeAsync($"@{username}@mastodon.test");
        await TabToAsync(page, "button[formaction$='/mastodon-signin']");
        await page.Keyboard.PressAsync("Enter");
        await ApproveFromTheKeyboardAsync(page);
        await page.GetByText($"Mastodon: you signed in as {username}@mastodon.test").WaitForAsync();
        await CheckAsync(page, "networks-answered-both-en-360");
        var answered = await (await http.GetAsync($"/v1/invitations/{invitationId}")).ReadAsync<InvitationResponse>();
        var assessed = await (await http.GetAsync($"/v1/assessments/{answered.AssessmentId}")).ReadAssessmentAsync();

        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal([("bluesky", HandleOwnership.Verified), ("mastodon", HandleOwnership.Verified)], assessed.Networks!.Select(n => (n.Network, n.Ownership)));
    }

    [Fact]
    public async Task MastodonSignInAndTypedBlueskyFromTheKeyboardOnAPhoneInFrenchAfterAClearError()
    {
        var username = $"f{Guid.NewGuid():N}"[..12];
        N.Mastodon.Usernames.Add(username);
        var (http, invitationId, page) = await OpenedAsync("fr", username);

        await CheckAsync(page, "networks-invitation-fr-360");
        await TabToAsync(page, "#handle-mastodon");
        await page.Keyboard.TypeAsync("pas un compte");
        await TabToAsync(page, "#handle-mastodon ~ button:not([formaction])");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText("Ce n'est pas un compte Mastodon").WaitForAsync();
        await CheckAsync(page, "networks-handle-error-fr-360");
        await TabToAsync(page, "#handle-mastodon");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync($"@{username}@mastodon.test");
        await TabToAsync(page, "button[formaction$='/mastodon-signin']");
        await page.Keyboard.PressAsync("Enter");
        await ApproveFromTheKeyboardAsync(page);
        await page.GetByText($"Mastodon : vous vous êtes connecté en tant que {username}@mastodon.test").WaitForAsync();
        await CheckAsync(page, "networks-answered-mastodon-fr-360");
        await TabToAsync(page, "#handle-bluesky");
        await page.Keyboard.TypeAsync("camille.bsky.social");
        await TabToAsync(page, "#handle-bluesky ~ button:not([formaction])");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText("Bluesky : vous avez indiqué camille.bsky.social.").WaitForAsync();
        await CheckAsync(page, "networks-answered-both-fr-360");
        var answered = await (await http.GetAsync($"/v1/invitations/{invitationId}")).ReadAsync<InvitationResponse>();
        var assessed = await (await http.GetAsync($"/v1/assessments/{answered.AssessmentId}")).ReadAssessmentAsync();

        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal([("bluesky", HandleOwnership.Claimed), ("mastodon", HandleOwnership.Verified)], assessed.Networks!.Select(n => (n.Network, n.Ownership)));
    }

    [Fact]
    public async Task ARefusedSignInSaysWhatHappenedAndTheKeyboardLeadsBackToTheChoices()
    {
        var username = $"w{Guid.NewGuid():N}"[..12];
        N.Mastodon.Usernames.Add(username);
        N.Mastodon.Usernames.Add("someone_else");
        var (http, invitationId, page) = await OpenedAsync("en", "someone_else");

        await TabToAsync(page, "#handle-mastodon");
        await page.Keyboard.TypeAsync($"@{username}@mastodon.test");
        await TabToAsync(page, "button[formaction$='/mastodon-signin']");
        await page.Keyboard.PressAsync("Enter");
        await ApproveFromTheKeyboardAsync(page);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Mastodon did not confirm your account" }).WaitForAsync();
        await CheckAsync(page, "networks-refused-en-360");
        await TabToAsync(page, "a.button-link");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#handle-mastodon").WaitForAsync();
        var invitation = await (await http.GetAsync($"/v1/invitations/{invitationId}")).ReadAsync<InvitationResponse>();

        Assert.Equal((InvitationStatus.Opened, 0), (invitation.Status, invitation.Networks!.Count));
    }

    [Theory]
    [InlineData("en", "I have no account on X, Bluesky or Mastodon", "You said that you have no account on X, Bluesky or Mastodon. None of them will be read.")]
    [InlineData("fr", "Je n'ai aucun compte sur X, Bluesky ou Mastodon", "Vous avez déclaré n'avoir aucun compte sur X, Bluesky ou Mastodon. Aucun de ces réseaux ne sera lu.")]
    public async Task TheNoAccountChoiceNamesEveryNetworkThePolicyReadsAndSaysNoneIsReadFromTheKeyboardOnAPhone(string language, string choice, string recorded)
    {
        var (http, invitationId, page) = await OpenedAsync(language, "nobody");
        var button = page.Locator("form[action$='/no-account'] button");

        Assert.Equal(choice, await page.Locator("#choice-none").InnerTextAsync());
        Assert.Equal(choice, await button.InnerTextAsync());
        await PageChecks.AssertShownWholeAsync(button, $"no-account-{language}-360");
        await CheckAsync(page, $"networks-no-account-choice-{language}-360");
        await TabToAsync(page, "form[action$='/no-account'] button");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText(recorded).WaitForAsync();
        await CheckAsync(page, $"networks-no-account-recorded-{language}-360");
        var answered = await (await http.GetAsync($"/v1/invitations/{invitationId}")).ReadAsync<InvitationResponse>();
        var assessed = await (await http.GetAsync($"/v1/assessments/{answered.AssessmentId}")).ReadAssessmentAsync();

        Assert.Equal(InvitationOutcome.NoAccount, answered.Outcome);
        Assert.Equal((PresenceTier.Absent, 0), (assessed.PresenceTier, assessed.Networks?.Count ?? 0));
        Assert.Contains(ReasonCodes.CandidateStatedNoAccount, assessed.ReasonCodes);
    }

    private async Task CheckAsync(IPage page, string state)
    {
        await PageChecks.AssertNoHorizontalScrollAsync(page, 360);
        await PageChecks.CheckAsync(page, state, output);
    }

    /// <summary>Presses Tab until the focused element matches one of the selectors (and shows a focus ring), at most 60 times.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 60; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string?>("s => document.activeElement && document.activeElement.matches(s) ? getComputedStyle(document.activeElement).outlineStyle : null", selector);
            if (focused is not null)
            {
                Assert.NotEqual("none", focused);
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector}.");
    }
}
