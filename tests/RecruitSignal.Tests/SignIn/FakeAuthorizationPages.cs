using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RecruitSignal.Tests.SignIn;

/// <summary>
/// The page a candidate's browser reaches at a network's authorization endpoint (https://auth.test/oauth/authorize,
/// https://mastodon.test/oauth/authorize), over TLS with a throwaway certificate: it asks the fake that holds the
/// pushed or registered request to approve it, and shows one link back to the service's callback, as a consent screen.
/// </summary>
public sealed class FakeAuthorizationPages : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeAuthorizationPages(WebApplication app) => _app = app;

    /// <summary>Who the candidate is on the Mastodon server's page (a test may sign in as someone else than the one typed).</summary>
    public string MastodonUser { get; set; } = "";

    public int Port => new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    public static async Task<FakeAuthorizationPages> StartAsync(SignInFixture networks)
    {
        var builder = WebApplication.CreateSlimBuilder();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=auth.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var certificate = X509CertificateLoader.LoadPkcs12(
            request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1)).Export(X509ContentType.Pfx), null);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var pages = new FakeAuthorizationPages(builder.Build());
        pages._app.MapGet("/oauth/authorize", (HttpContext http) =>
        {
            var url = $"https://{http.Request.Host.Host}{http.Request.Path}{http.Request.QueryString}";
            var (network, query) = http.Request.Host.Host == FakeAtproto.AuthHost
                ? ("bluesky", networks.Atproto.Approve(url))
                : ("mastodon", networks.Mastodon.Approve(url, pages.MastodonUser));
            var back = WebUtility.HtmlEncode($"{networks.Harness.BaseUrl}/oauth/{network}/callback{query}");
            return Results.Content(
                $"""<!DOCTYPE html><html lang="en"><head><title>Authorize</title><link rel="icon" href="data:,"></head><body><main><h1>Authorize</h1><a id="approve" href="{back}">Approve</a></main></body></html>""",
                "text/html; charset=utf-8");
        });
        await pages._app.StartAsync();
        return pages;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
