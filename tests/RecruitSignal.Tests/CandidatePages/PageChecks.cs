using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.CandidatePages;

/// <summary>What every page state is held to in a real browser: no serious or critical axe violation, and a screenshot.</summary>
public static class PageChecks
{
    /// <summary>Runs axe on the page as it is, prints the result, fails on a serious or critical violation, and saves a screenshot.</summary>
    public static async Task CheckAsync(IPage page, string state, ITestOutputHelper output, bool axe = true)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, state + ".png"), FullPage = true });
        if (!axe)
        {
            // axe runs as a script in the page, which never completes with JavaScript off; the same markup is checked with it on.
            output.WriteLine($"screenshot {state}: TestResults/screenshots/{state}.png (JavaScript off: axe runs on the same page states with it on)");
            return;
        }

        var result = await page.RunAxe();
        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        output.WriteLine($"axe {state}: {result.Violations.Length} violations ({blocking.Count} serious or critical), {result.Passes.Length} rules passed"
            + (result.Violations.Length == 0 ? "" : ": " + string.Join(", ", result.Violations.Select(v => $"{v.Id} ({v.Impact})"))));
        Assert.True(blocking.Count == 0, $"{state}: " + string.Join("; ", blocking.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }

    /// <summary>No horizontal scrolling: the document is no wider than the viewport.</summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"The page is {scrollWidth} px wide in a {width} px viewport.");
    }
}
