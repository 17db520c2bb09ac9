using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace RecruitSignal.Tests.CandidatePages;

/// <summary>
/// What the browser saw go wrong on a page that a person would not see in a screenshot: a console error, an
/// uncaught script error, a request that failed (refused by the CSP, unreachable, cut). And every address the page
/// asked for, to check that nothing leaves the service. <see cref="BrowserFixture"/> watches every page it opens.
/// </summary>
public sealed partial class PageWatch
{
    private static readonly ConditionalWeakTable<IPage, PageWatch> Watches = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentDictionary<string, bool> _documents = new();

    private PageWatch(IPage page)
    {
        // A page may answer with its own error status (410 for an expired link): the tests assert that status, and
        // Chromium logs it as "Failed to load resource". Any other resource answering an error is a problem.
        page.Response += (_, response) =>
        {
            if (response.Request.IsNavigationRequest && response.Request.ResourceType == "document")
            {
                _documents[response.Url] = true;
            }
            else if (response.Status >= 400)
            {
                _problems.Enqueue($"resource failed: {response.Request.Method} {response.Url}: {response.Status}");
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !(message.Text.StartsWith("Failed to load resource: the server responded", StringComparison.Ordinal)
                && _documents.ContainsKey(LineAndColumn().Replace(message.Location, ""))))
            {
                _problems.Enqueue($"console error: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => _problems.Enqueue($"uncaught error: {error}");
        page.RequestFailed += (_, request) => _problems.Enqueue($"request failed: {request.Method} {request.Url}: {request.Failure}");
        page.Request += (_, request) => _requests.Enqueue(request.Url);
    }

    public static void Start(IPage page) => Watches.Add(page, new PageWatch(page));

    public static PageWatch Of(IPage page) => Watches.TryGetValue(page, out var watch)
        ? watch
        : throw new InvalidOperationException("The page was not opened by BrowserFixture.NewPageAsync, so nobody watched it.");

    /// <summary>Every address the page requested so far (documents, scripts, styles, images, fetches).</summary>
    public IReadOnlyList<string> Requests => _requests.ToList();

    /// <summary>Fails with every console error, uncaught error and failed request seen since the page opened.</summary>
    public void AssertClean(string state)
    {
        var problems = _problems.ToList();
        Assert.True(problems.Count == 0, $"{state}: {string.Join("; ", problems)}");
    }

    /// <summary>Fails on any http(s) or ws(s) request to another origin than <paramref name="origin"/>.</summary>
    public void AssertOnlyOrigin(Uri origin)
    {
        var elsewhere = Requests.Where(url => Uri.TryCreate(url, UriKind.Absolute, out var uri)
                && uri.Scheme is "http" or "https" or "ws" or "wss"
                && !string.Equals(uri.GetLeftPart(UriPartial.Authority), origin.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.True(elsewhere.Count == 0, "Requests left the service: " + string.Join(", ", elsewhere));
    }

    // A console message's location is "url:line:column".
    [GeneratedRegex(":[0-9]+:[0-9]+$")]
    private static partial Regex LineAndColumn();
}
