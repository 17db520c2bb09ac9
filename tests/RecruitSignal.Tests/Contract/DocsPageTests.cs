using System.Net;
using System.Text.RegularExpressions;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Contract;

/// <summary>The interactive reference at /docs: local assets only, no hosted-service actions, a CSP, deep links.</summary>
[Collection(ApiTestGroup.Name)]
public sealed partial class DocsPageTests(ApiFixture api)
{
    [Fact]
    public async Task DocsPageMayLoadNothingFromAnotherOrigin()
    {
        var response = await api.Factory.CreateClient().GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Directives(response);
        Assert.Equal(["'none'"], policy["default-src"]);
        // Every source a directive allows is the service itself, a per-response nonce, or inline data.
        foreach (var (directive, sources) in policy.Where(d => d.Key.EndsWith("-src", StringComparison.Ordinal)))
        {
            Assert.All(sources, source => Assert.Matches("^('self'|'none'|'nonce-[A-Za-z0-9+/=]+'|'unsafe-inline'|data:|blob:|http://localhost:5080)$", source));
            Assert.True(directive != "script-src" || !sources.Contains("'unsafe-inline'"), "inline scripts run only with the nonce");
        }

        var html = await response.Content.ReadAsStringAsync();
        Assert.All(AssetAddresses().Matches(html), address => Assert.StartsWith("/", address.Groups["url"].Value, StringComparison.Ordinal));
        // Scalar's default fonts come from its own servers: they are off, and the CSP would refuse them anyway.
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocsPageHidesTheHostedServiceActions()
    {
        var html = await api.Factory.CreateClient().GetStringAsync("/docs/");

        foreach (var setting in new[] { "\"hideClientButton\":true", "\"showDeveloperTools\":\"never\"", "\"telemetry\":false", "\"agent\":{\"disabled\":true}", "\"mcp\":{\"disabled\":true}" })
        {
            Assert.Contains(setting, html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("proxyUrl", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocsPageSendsTheUsualSecurityHeaders()
    {
        var response = await api.Factory.CreateClient().GetAsync("/docs/");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        Assert.Equal(["'none'"], Directives(response)["frame-ancestors"]);
        var nonces = new[] { Directives(response), Directives(await api.Factory.CreateClient().GetAsync("/docs/")) }
            .Select(policy => policy["script-src"].Single(s => s.StartsWith("'nonce-", StringComparison.Ordinal)));
        Assert.Equal(2, nonces.Distinct().Count());
    }

    [Theory]
    [InlineData("/docs")]
    [InlineData("/docs/")]
    [InlineData("/docs/v1/")]
    [InlineData("/docs/tag/screenings")]
    [InlineData("/docs/tag/screenings/POST/v1/screenings")]
    public async Task DeepLinksOpenTheReference(string link)
    {
        var client = api.Factory.CreateClient();

        var response = await client.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        var scripts = AssetAddresses().Matches(html).Select(m => m.Groups["url"].Value).Where(url => url.EndsWith(".js", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            // Resolved against the deep link as a browser would: an address relative to the page breaks here.
            var asset = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, link), script));
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("identity", false)]
    [InlineData("gzip;q=0, *", false)]
    [InlineData("gzip, deflate, br", true)]
    [InlineData("br;q=1.0, *;q=0.5", true)]
    public async Task ScriptIsGzipEncodedOnlyForAClientThatAcceptsIt(string? acceptEncoding, bool gzip)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/docs/scalar.js");
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        var response = await api.Factory.CreateClient().SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(gzip ? ["gzip"] : [], response.Content.Headers.ContentEncoding);
        Assert.Equal(["Accept-Encoding"], response.Headers.Vary);
        // A gzip stream starts with 1f 8b; JavaScript, with text.
        Assert.Equal(gzip, bytes is [0x1f, 0x8b, ..]);
        var script = gzip ? Gunzip(bytes) : bytes;
        Assert.Contains("createApiReference", System.Text.Encoding.UTF8.GetString(script), StringComparison.Ordinal);
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static Dictionary<string, string[]> Directives(HttpResponseMessage response) =>
        response.Headers.GetValues("Content-Security-Policy").Single()
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(directive => directive.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(parts => parts[0], parts => parts[1..]);

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex AssetAddresses();
}
