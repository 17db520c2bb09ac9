using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RecruitSignal.Fairness;
using RecruitSignal.Tests.CandidatePages;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.Fairness;

/// <summary>The compliance page in Chromium: axe in both languages, at 360 px, and with a keyboard alone.</summary>
public sealed class FairnessBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheCompliancePagePassesAxeInFrenchAndEnglishOnAPhoneAndWithAKeyboard()
    {
        var h = browser.Harness;
        var (tenantId, http, _) = await h.NewTenantAsync("Acme Recrutement");
        await http.PutAsJsonAsync("/v1/settings/jurisdiction", new { profile = "us-nyc" });
        await Population.AddAsync(h.ConnectionString, tenantId, FairnessPageTests.AgeGap()
            .Concat(new Person(90, true, "female", "asian", "25_to_39").Times(3)).Concat(new Person(20, false, "male", "white", "50_to_59").Times(5)));
        var created = await http.PostAsJsonAsync("/v1/fairness/report-links", new { from = "2026-06-01", to = "2026-06-30", policyVersion = "default@1" });
        var url = (await created.Content.ReadFromJsonAsync<FairnessReportLink>(Infrastructure.Json.Options))!.Url;

        var page = await browser.NewPageAsync("en-GB");
        var shown = await page.GotoAsync(url);
        await PageChecks.CheckAsync(page, "fairness-en", output);
        await PageChecks.AssertNoWordBrokenAsync(page, "th", "fairness-en at 1024 px");
        var english = await page.InnerTextAsync("main");
        await page.Keyboard.PressAsync("Tab");
        var focused = await page.EvaluateAsync<string>("document.activeElement.textContent");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Comment le signal de présence se répartit entre les groupes" }).WaitForAsync();
        await PageChecks.CheckAsync(page, "fairness-fr", output);
        await PageChecks.AssertNoWordBrokenAsync(page, "th", "fairness-fr at 1024 px");
        // Every scrollable table is reachable by Tab, so a keyboard can scroll it.
        var tabStops = new List<string>();
        for (var i = 0; i < 40 && tabStops.Count(t => t == "region") < 3; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            tabStops.Add(await page.EvaluateAsync<string>("document.activeElement.getAttribute('role') || document.activeElement.tagName"));
        }

        var phone = await browser.NewPageAsync("fr-FR", width: 360, height: 780);
        await phone.GotoAsync(url);
        await PageChecks.AssertNoHorizontalScrollAsync(phone, 360);
        await PageChecks.CheckAsync(phone, "fairness-fr-360", output);
        await PageChecks.AssertNoWordBrokenAsync(phone, "th", "fairness-fr at 360 px");
        await AssertFiguresAndCaptionsReadWholeAsync(phone, " : candidats par tranche de score", "fairness-fr at 360 px");
        var phoneEn = await browser.NewPageAsync("en-GB", width: 360, height: 780);
        await phoneEn.GotoAsync(url);
        await PageChecks.AssertNoHorizontalScrollAsync(phoneEn, 360);
        await PageChecks.CheckAsync(phoneEn, "fairness-en-360", output);
        await PageChecks.AssertNoWordBrokenAsync(phoneEn, "th", "fairness-en at 360 px");
        await AssertFiguresAndCaptionsReadWholeAsync(phoneEn, ": candidates by score band", "fairness-en at 360 px");

        Assert.Equal(200, shown!.Status);
        Assert.Equal("Français", focused);
        Assert.Contains("Sex and race or ethnicity together", english, StringComparison.Ordinal);
        Assert.Contains("were found to have an active presence at 0.", english, StringComparison.Ordinal);
        Assert.Equal(3, tabStops.Count(t => t == "region"));
        Assert.Equal(8, await page.Locator("svg[role=img]").CountAsync());
    }

    /// <summary>On a phone, "53.9 %" never splits from its unit, and every table's caption (one per family) reads whole.</summary>
    private static async Task AssertFiguresAndCaptionsReadWholeAsync(IPage page, string captionEnding, string state)
    {
        await PageChecks.AssertNumbersKeepTheirUnitAsync(page, "td", state);
        var captions = await page.GetByText(new Regex(Regex.Escape(captionEnding) + "$")).AllAsync();
        Assert.Equal(4, captions.Count);
        foreach (var caption in captions)
        {
            await PageChecks.AssertShownWholeAsync(caption, state);
        }
    }
}
