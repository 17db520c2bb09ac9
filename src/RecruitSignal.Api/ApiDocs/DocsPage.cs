using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RecruitSignal.Infrastructure;
using Scalar.AspNetCore;

namespace RecruitSignal.ApiDocs;

/// <summary>
/// The interactive reference at <c>/docs</c>: Scalar's bundle, served by the service from the Scalar.AspNetCore
/// package (nothing comes from a CDN, and the default fonts, which Scalar loads from its own servers, are off),
/// with the hosted-service actions hidden (the Scalar client button, developer tools, the AI agent, MCP, telemetry).
/// Every path under <c>/docs</c> answers the same page with absolute asset addresses, so a deep link opens the
/// reference instead of a blank page. A Content-Security-Policy lets the page load only from the service itself.
/// </summary>
internal static class DocsPage
{
    public const string Path = "/docs";

    private static readonly Assembly ScalarAssembly = typeof(ScalarOptions).Assembly;

    private static readonly Dictionary<string, (string Resource, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        ["scalar.js"] = ("ScalarStaticAssets.scalar.js", "text/javascript; charset=utf-8"),
        ["favicon.svg"] = ("ScalarStaticAssets.favicon.svg", "image/svg+xml"),
    };

    public static WebApplication MapDocsPage(this WebApplication app)
    {
        var docs = app.MapGroup(Path).ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            return await next(context);
        });

        foreach (var (name, (resource, contentType)) in Assets)
        {
            var asset = DocsAsset.Read(ScalarAssembly, resource, contentType);
            docs.MapGet("/" + name, asset.Serve);
        }

        docs.MapGet("", Page);
        docs.MapGet("/{**deepLink}", Page);
        return app;
    }

    private static ContentHttpResult Page(HttpContext context, IOptions<PublicUrl> publicUrl)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var api = new Uri(publicUrl.Value.Base).GetLeftPart(UriPartial.Authority);
        context.Response.Headers.ContentSecurityPolicy = string.Join("; ",
            "default-src 'none'",
            $"script-src 'self' 'nonce-{nonce}'",
            // Scalar sets style attributes at run time; styles cannot load anything from elsewhere.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            $"connect-src 'self' {api}",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Content(Html(nonce), "text/html; charset=utf-8");
    }

    /// <summary>Scalar's configuration; the names are those of its JavaScript API. The serializer escapes '&lt;', so it cannot close the script.</summary>
    private static string Configuration() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["sources"] = new[] { new { title = "RecruitSignal API v1", url = "/openapi/v1.json" } },
        ["favicon"] = $"{Path}/favicon.svg",
        ["withDefaultFonts"] = false,
        ["hideClientButton"] = true,
        ["showDeveloperTools"] = "never",
        ["telemetry"] = false,
        ["agent"] = new { disabled = true },
        ["mcp"] = new { disabled = true },
        ["defaultOpenFirstTag"] = true,
    });

    private static string Html(string nonce) => $"""
        <!doctype html>
        <html lang="en">
        <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>RecruitSignal API</title>
            <link rel="icon" href="{Path}/favicon.svg" type="image/svg+xml" />
        </head>
        <body>
            <noscript>This reference needs JavaScript. The same content is the OpenAPI document at <a href="/openapi/v1.json">/openapi/v1.json</a>.</noscript>
            <div id="app"></div>
            <script src="{Path}/scalar.js" nonce="{nonce}"></script>
            <script nonce="{nonce}">Scalar.createApiReference('#app', {Configuration()});</script>
        </body>
        </html>
        """;
}
