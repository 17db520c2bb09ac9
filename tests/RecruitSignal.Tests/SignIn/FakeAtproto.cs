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
using RecruitSignal.Tests.Networks;

namespace RecruitSignal.Tests.SignIn;

/// <summary>One atproto account: its DID, its handle, and the PDS its DID document names.</summary>
public sealed record AtprotoAccount(string Did, string Handle, string Pds);

/// <summary>
/// The atproto side of "Sign in with Bluesky" on one port of 127.0.0.1, told apart by Host: the PLC directory (DID
/// documents naming a PDS), a PDS (<c>pds.test</c>, its protected resource metadata) and its authorization server
/// (<c>auth.test</c>) that refuses what the atproto OAuth profile refuses: no PAR, no PKCE S256, no DPoP proof or a
/// wrong one, no nonce (<c>use_dpop_nonce</c> first), a client assertion its client's JWKS does not verify, a
/// redirect URI its client metadata does not list, a code exchanged with another key or verifier.
/// </summary>
public sealed partial class FakeAtproto : IAsyncDisposable
{
    public const string PdsHost = "pds.test";
    public const string AuthHost = "auth.test";
    public const string Issuer = "https://auth.test";

    private readonly WebApplication _app;
    private readonly HttpClient _fetch = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<string, Par> _pars = new();
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentDictionary<string, byte> _seenJti = new();

    private FakeAtproto(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, AtprotoAccount> Accounts { get; } = new();

    /// <summary>The nonce the server wants in DPoP proofs now.</summary>
    public string Nonce { get; set; } = "nonce-" + Guid.NewGuid().ToString("N");

    /// <summary>Set: the PDS names this as its authorization server instead of <see cref="Issuer"/>.</summary>
    public string? NamedIssuer { get; set; }

    /// <summary>Set: the DID the user signs in as, whatever the login hint said (another person signing in).</summary>
    public string? SignInAs { get; set; }

    public ConcurrentQueue<string> Refusals { get; } = new();
    public ConcurrentQueue<string> IssuedTokens { get; } = new();
    public ConcurrentQueue<string> RevokedTokens { get; } = new();
    private int _tokenRequests;
    private int _acceptedPars;

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int AcceptedPars => Volatile.Read(ref _acceptedPars);

    public int Port => new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    public string PlcDirectoryUrl => $"http://127.0.0.1:{Port}";

    public AtprotoAccount Add(string handle, FakeDns dns, string pds = "https://" + PdsHost)
    {
        var account = new AtprotoAccount(FakeBluesky.NewDid(), handle, pds);
        Accounts[account.Did] = account;
        dns.Txt[$"_atproto.{handle}"] = [$"did={account.Did}"];
        return account;
    }

    public static async Task<FakeAtproto> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var fake = new FakeAtproto(builder.Build());
        var app = fake._app;
        app.MapGet("/.well-known/oauth-protected-resource", fake.ProtectedResource).RequireHost(PdsHost);
        app.MapGet("/.well-known/oauth-authorization-server", fake.Metadata).RequireHost(AuthHost);
        app.MapPost("/oauth/par", (Func<HttpContext, Task<IResult>>)fake.PushedAuthorizationAsync).RequireHost(AuthHost);
        app.MapPost("/oauth/token", (Func<HttpContext, Task<IResult>>)fake.TokenAsync).RequireHost(AuthHost);
        app.MapPost("/oauth/revoke", (Func<HttpContext, Task<IResult>>)fake.RevokeAsync).RequireHost(AuthHost);
        app.MapGet("/{did}", fake.DidDocument).RequireHost("127.0.0.1");
        await app.StartAsync();
        return fake;
    }

    /// <summary>
    /// The candidate at the authorization page: the server finds the pushed request, signs the user in (as the login
    /// hint, or <see cref="SignInAs"/>) and answers the query the browser brings back to the client's redirect URI.
    /// </summary>
    public string Approve(string authorizationUrl)
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(authorizationUrl).Query);
        if (!_pars.TryRemove(query["request_uri"] ?? "", out var par) || par.ClientId != query["client_id"])
        {
            throw new InvalidOperationException("The authorization page knows no such pushed request for this client.");
        }

        var did = SignInAs ?? Accounts.Values.Single(a => a.Handle == par.LoginHint).Did;
        var code = "code-" + Guid.NewGuid().ToString("N");
        _codes[code] = new Grant(par, did);
        return $"?code={code}&state={Uri.EscapeDataString(par.State)}&iss={Uri.EscapeDataString(Issuer)}";
    }

    private IResult DidDocument(string did) => Accounts.TryGetValue(did, out var account)
        ? Results.Json(new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/did/v1"),
            ["id"] = did,
            ["alsoKnownAs"] = new JsonArray($"at://{account.Handle}"),
            ["service"] = new JsonArray(new JsonObject { ["id"] = "#atproto_pds", ["type"] = "AtprotoPersonalDataServer", ["serviceEndpoint"] = account.Pds }),
        })
        : Results.NotFound();

    private IResult ProtectedResource() =>
        Results.Json(new JsonObject { ["resource"] = "https://" + PdsHost, ["authorization_servers"] = new JsonArray(NamedIssuer ?? Issuer) });

    private IResult Metadata() => Results.Json(new JsonObject
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = Issuer + "/oauth/authorize",
        ["token_endpoint"] = Issuer + "/oauth/token",
        ["pushed_authorization_request_endpoint"] = Issuer + "/oauth/par",
        ["revocation_endpoint"] = Issuer + "/oauth/revoke",
        ["require_pushed_authorization_requests"] = true,
        ["authorization_response_iss_parameter_supported"] = true,
        ["client_id_metadata_document_supported"] = true,
        ["scopes_supported"] = new JsonArray("atproto", "transition:generic"),
        ["response_types_supported"] = new JsonArray("code"),
        ["grant_types_supported"] = new JsonArray("authorization_code", "refresh_token"),
        ["code_challenge_methods_supported"] = new JsonArray("S256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("none", "private_key_jwt"),
        ["token_endpoint_auth_signing_alg_values_supported"] = new JsonArray("ES256"),
        ["dpop_signing_alg_values_supported"] = new JsonArray("ES256"),
    });

    private sealed record Par(string ClientId, string RedirectUri, string Challenge, string State, string LoginHint, string KeyThumbprint);

    private sealed record Grant(Par Par, string Did);

    public async ValueTask DisposeAsync()
    {
        _fetch.Dispose();
        await _app.DisposeAsync();
    }
}
