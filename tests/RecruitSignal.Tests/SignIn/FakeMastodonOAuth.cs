using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RecruitSignal.Tests.SignIn;

/// <summary>
/// One Mastodon server's sign-in side on 127.0.0.1, known to the service as <see cref="Domain"/> (Outbound__Resolve):
/// WebFinger, the OAuth metadata of Mastodon 4.3 (or none, as before), app registration, the authorization page (as
/// <see cref="Approve"/>), the token endpoint, verify_credentials and revoke. It refuses what Mastodon refuses: an
/// unknown client or secret, a redirect URI or scope the app was not registered with, a code used twice or without
/// the PKCE verifier of its challenge, a revoked token.
/// </summary>
public sealed partial class FakeMastodonOAuth : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, App> _apps = new();
    private readonly ConcurrentDictionary<string, Code> _codes = new();
    private readonly ConcurrentDictionary<string, (string Username, string Scope)> _tokens = new();

    private FakeMastodonOAuth(WebApplication app, string domain) => (_app, Domain) = (app, domain);

    public string Domain { get; }

    public HashSet<string> Usernames { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>False: a server before Mastodon 4.3, with no OAuth metadata and no <c>profile</c> scope.</summary>
    public bool ServesMetadata { get; set; } = true;

    /// <summary>True: WebFinger answers a document far larger than any real one (a server trying to exhaust memory).</summary>
    public bool HugeWebFinger { get; set; }

    /// <summary>Set: the metadata names this token endpoint (a server pointing the service inward).</summary>
    public string? TokenEndpoint { get; set; }

    public ConcurrentQueue<string> Registrations { get; } = new();
    public ConcurrentQueue<string> IssuedTokens { get; } = new();
    public ConcurrentQueue<string> RevokedTokens { get; } = new();
    public ConcurrentQueue<string> Refusals { get; } = new();
    public IEnumerable<string> ClientSecrets => _apps.Values.Select(a => a.Secret);

    public int Port => new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    private string Base => $"https://{Domain}";

    public static async Task<FakeMastodonOAuth> StartAsync(string domain)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var fake = new FakeMastodonOAuth(builder.Build(), domain);
        fake._app.MapGet("/.well-known/webfinger", fake.WebFinger);
        fake._app.MapGet("/.well-known/oauth-authorization-server", fake.Metadata);
        fake._app.MapPost("/api/v1/apps", (Func<HttpContext, Task<IResult>>)fake.RegisterAsync);
        fake._app.MapPost("/oauth/token", (Func<HttpContext, Task<IResult>>)fake.TokenAsync);
        fake._app.MapGet("/api/v1/accounts/verify_credentials", fake.VerifyCredentials);
        fake._app.MapPost("/oauth/revoke", (Func<HttpContext, Task<IResult>>)fake.RevokeAsync);
        await fake._app.StartAsync();
        return fake;
    }

    /// <summary>
    /// The candidate at the authorization page, signed in there as <paramref name="username"/> (whoever typed what):
    /// checks the request as Doorkeeper does and answers the callback query.
    /// </summary>
    public string Approve(string authorizationUrl, string username)
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(authorizationUrl).Query);
        if (!_apps.TryGetValue(query["client_id"] ?? "", out var app) || app.RedirectUri != query["redirect_uri"] || query["response_type"] != "code"
            || query["code_challenge_method"] != "S256" || (query["code_challenge"] ?? "").Length != 43
            || !(query["scope"] ?? "").Split(' ').All(app.Scopes.Contains))
        {
            throw new InvalidOperationException("The authorization page refuses this request (client, redirect URI, PKCE or scope).");
        }

        var code = "code-" + Guid.NewGuid().ToString("N");
        _codes[code] = new Code(app.ClientId, query["code_challenge"]!, query["scope"]!, username);
        return $"?code={code}&state={Uri.EscapeDataString(query["state"] ?? "")}";
    }

    private IResult WebFinger(string? resource) =>
        HugeWebFinger ? Results.Json(new JsonObject { ["subject"] = resource, ["padding"] = new string('x', 1024 * 1024) })
        : resource is { } r && r.StartsWith("acct:", StringComparison.Ordinal) && r[5..].Split('@') is [var user, var host]
            && host == Domain && Usernames.Contains(user)
            ? Results.Json(new JsonObject { ["subject"] = r, ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{Base}/users/{user}" }) })
            : Results.NotFound();

    private IResult Metadata() => ServesMetadata
        ? Results.Json(new JsonObject
        {
            ["issuer"] = Base + "/",
            ["authorization_endpoint"] = Base + "/oauth/authorize",
            ["token_endpoint"] = TokenEndpoint ?? Base + "/oauth/token",
            ["revocation_endpoint"] = Base + "/oauth/revoke",
            ["app_registration_endpoint"] = Base + "/api/v1/apps",
            ["scopes_supported"] = new JsonArray("read", "write", "profile", "read:accounts", "read:statuses"),
            ["response_types_supported"] = new JsonArray("code"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
            ["grant_types_supported"] = new JsonArray("authorization_code", "client_credentials"),
        })
        : Results.NotFound();

    private sealed record App(string ClientId, string Secret, string RedirectUri, HashSet<string> Scopes);

    private sealed record Code(string ClientId, string Challenge, string Scope, string Username);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
