using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RecruitSignal.Tests.CandidatePages;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.Contract;

/// <summary>
/// The reference at /docs in real Chromium: it renders every operation of the OpenAPI document, with no console
/// error, no failed request and nothing asked from another origin. Headers and HTML alone once passed while every
/// browser showed a white page (the script was served gzip-compressed without saying so).
/// </summary>
public sealed partial class DocsBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("/docs", "docs")]
    [InlineData("/docs/tag/screenings/POST/v1/screenings", "docs-deep-link")]
    public async Task TheReferenceRendersEveryOperationOfTheDocumentFromTheServiceAlone(string link, string state)
    {
        var baseUrl = new Uri(browser.Harness.BaseUrl);
        using var http = new HttpClient { BaseAddress = baseUrl };
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        var expected = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var page = await browser.NewPageAsync(width: 1280, height: 900);

        // Minutes, not seconds: the bundle is a few megabytes of script to parse, on a machine the whole suite shares.
        var shown = await page.GotoAsync(new Uri(baseUrl, link).ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = Patience });
        await page.Locator("li[data-sidebar-id]").First.WaitForAsync(new() { Timeout = Patience });
        await OpenEveryTagAsync(page);
        var rendered = (await page.EvaluateAsync<string[]>("[...document.querySelectorAll('li[data-sidebar-id]')].map(li => li.dataset.sidebarId)"))
            .Select(id => Operation().Match(id))
            .Where(match => match.Success)
            .Select(match => $"{match.Groups["method"].Value} /{match.Groups["path"].Value}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var watch = PageWatch.Of(page);
        output.WriteLine($"{link}: {rendered.Count} operations rendered in the sidebar, {expected.Count} in /openapi/v1.json");
        // The content renders an operation as it scrolls into view: the sidebar's entry brings it there.
        await page.Locator("li[data-sidebar-id$='/tag/screenings/POST/v1/screenings'] a").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Screen a candidate", Exact = true }).First.WaitForAsync(new() { Timeout = Patience });
        var screenshot = await PageChecks.ScreenshotAsync(page, state, fullPage: false);
        output.WriteLine($"{link}: {watch.Requests.Count} requests, all to {baseUrl}; screenshot {screenshot}");

        Assert.Equal(200, shown!.Status);
        Assert.Equal(expected, rendered);
        watch.AssertClean(state);
        watch.AssertOnlyOrigin(baseUrl);
    }

    private const float Patience = 180_000;

    /// <summary>Scalar's sidebar shows a tag's operations once the tag is open: opens each closed one, a bounded number of times.</summary>
    private static async Task OpenEveryTagAsync(IPage page)
    {
        var closed = page.Locator("li[data-sidebar-id] button[aria-expanded='false']");
        for (var opened = 0; opened < 100 && await closed.CountAsync() > 0; opened++)
        {
            await closed.First.ClickAsync();
        }

        Assert.Equal(0, await closed.CountAsync());
    }

    // Scalar's id of an operation: "{document}/tag/{tag}/{METHOD}/{path without its leading slash}".
    [GeneratedRegex("/tag/[^/]+/(?<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/(?<path>.+)$")]
    private static partial Regex Operation();
}
