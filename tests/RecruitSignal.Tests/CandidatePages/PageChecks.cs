using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.CandidatePages;

/// <summary>What every page state is held to in a real browser: no console error or failed request, no serious or critical axe violation, and a screenshot.</summary>
public static class PageChecks
{
    /// <summary>
    /// Saves a screenshot, fails on a console error or a failed request since the page opened, runs axe on the page as it
    /// is, prints the result and fails on a serious or critical violation.
    /// </summary>
    public static async Task CheckAsync(IPage page, string state, ITestOutputHelper output, bool axe = true)
    {
        await ScreenshotAsync(page, state, fullPage: true);
        PageWatch.Of(page).AssertClean(state);
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

    /// <summary>TestResults/screenshots/{state}.png, which CI keeps; the path relative to the repository is returned.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string state, bool fullPage)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, state + ".png"), FullPage = fullPage });
        return $"TestResults/screenshots/{state}.png";
    }

    /// <summary>
    /// No word of a cell matching <paramref name="selector"/> is split across lines ("Categor/y"): each word's text range,
    /// measured in the page, sits on one line. Cells may wrap between words.
    /// </summary>
    public static async Task AssertNoWordBrokenAsync(IPage page, string selector, string state)
    {
        var broken = await SplitAcrossLinesAsync(page, selector, @"\S+");
        Assert.True(broken.Length == 0, $"{state}: words broken across lines in {selector}: {string.Join(", ", broken)}");
    }

    /// <summary>
    /// Every number with its unit ("53.9 %", "53,9 %") in a cell matching <paramref name="selector"/> sits on one line: a
    /// reader never sees "53.9" at the end of one line and "%" alone on the next.
    /// </summary>
    public static async Task AssertNumbersKeepTheirUnitAsync(IPage page, string selector, string state)
    {
        var split = await SplitAcrossLinesAsync(page, selector, @"\d+(?:[.,]\d+)?[\s\u00a0\u202f]*%");
        Assert.True(split.Length == 0, $"{state}: numbers split from their unit in {selector}: {string.Join(", ", split)}");
    }

    /// <summary>The runs of text matching <paramref name="pattern"/> (a JavaScript regex) in elements matching <paramref name="selector"/> that the page lays out on more than one line.</summary>
    private static Task<string[]> SplitAcrossLinesAsync(IPage page, string selector, string pattern) =>
        page.EvaluateAsync<string[]>("""
            ([selector, pattern]) => {
              const split = [];
              for (const cell of document.querySelectorAll(selector)) {
                const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  for (const run of node.data.matchAll(new RegExp(pattern, 'g'))) {
                    const range = document.createRange();
                    range.setStart(node, run.index);
                    range.setEnd(node, run.index + run[0].length);
                    const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                    if (lines.size > 1) split.push(run[0]);
                  }
                }
              }
              return split;
            }
            """, new[] { selector, pattern });

    /// <summary>
    /// <paramref name="element"/> is shown whole: inside the viewport and not cut by an ancestor that clips or scrolls
    /// (a caption as wide as a table that scrolls inside its region would be).
    /// </summary>
    public static async Task AssertShownWholeAsync(ILocator element, string state)
    {
        var cut = await element.EvaluateAsync<string?>("""
            element => {
              const r = element.getBoundingClientRect();
              const width = document.documentElement.clientWidth;
              if (r.width === 0 || r.left < 0 || r.right > width + 0.5) return `${Math.round(r.left)}..${Math.round(r.right)} px in a ${width} px viewport`;
              for (let a = element.parentElement; a; a = a.parentElement) {
                if (getComputedStyle(a).overflowX === 'visible') continue;
                const b = a.getBoundingClientRect();
                if (r.left < b.left - 0.5 || r.right > b.right + 0.5) return `${Math.round(r.left)}..${Math.round(r.right)} px cut by ${a.tagName.toLowerCase()}.${a.className} at ${Math.round(b.left)}..${Math.round(b.right)} px`;
              }
              return null;
            }
            """);
        Assert.True(cut is null, $"{state}: \"{await element.InnerTextAsync()}\" is not shown whole: {cut}");
    }

    /// <summary>No horizontal scrolling: the document is no wider than the viewport.</summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"The page is {scrollWidth} px wide in a {width} px viewport.");
    }
}
