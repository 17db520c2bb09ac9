using Microsoft.Playwright;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.CandidatePages;

/// <summary>
/// One Chromium for a test class (Debian's, never a downloaded one) and one service with its background loops on
/// (the email sender and the lookup worker), as a candidate's browser would meet it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium (.ci/run installs it), or the browser named by RECRUITSIGNAL_CHROMIUM (GitHub's runners have Chrome).</summary>
    public static string Chromium { get; } = Environment.GetEnvironmentVariable("RECRUITSIGNAL_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
    private readonly PostgresServer _server = new();
    private IPlaywright? _playwright;

    public CandidatePagesHarness Harness { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where page screenshots go: TestResults/screenshots at the repository's root, which CI keeps.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        Harness = await CandidatePagesHarness.StartAsync(_server, background: true);
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless, without a sandbox or background traffic; the screenshot directory made.</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] extraArgs)
    {
        var launched = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Timeout = 90_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", .. extraArgs],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
        return launched;
    }

    /// <summary>A fresh browser profile: its own cookies, language, viewport and JavaScript setting; <see cref="PageWatch"/> watches the page.</summary>
    public Task<IPage> NewPageAsync(string locale = "en-GB", bool javaScript = true, int width = 1024, int height = 900) =>
        NewPageAsync(Browser, locale, javaScript, width, height);

    public static async Task<IPage> NewPageAsync(IBrowser browser, string locale = "en-GB", bool javaScript = true, int width = 1024, int height = 900)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        var page = await context.NewPageAsync();
        PageWatch.Start(page);
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Harness.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RecruitSignal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
