using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RecruitSignal.Tests.XApi;

/// <summary>
/// X's OAuth 2.0 authorization code flow with PKCE, as documented, strict where X is: the authorize step asks for
/// S256; the token endpoint wants HTTP Basic client credentials, the same redirect_uri, a code used once, and a
/// code_verifier whose SHA-256 (base64url) is the challenge, recomputed here. /2/users/me takes the user's token;
/// revocation is recorded. The "consent screen" answers at once, as the user <see cref="SignInAs"/> would.
/// </summary>
public sealed class FakeXOAuth
{
    public const string ClientId = "fake-client-id";
    public const string ClientSecret = "fake-client-secret-0123456789";

    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri, string Username)> _codes = new();
    private readonly ConcurrentDictionary<string, string> _tokens = new();

    /// <summary>The X user who "signs in" at the authorize step.</summary>
    public string SignInAs { get; set; } = "camille_m";

    /// <summary>The next authorize request answers error=access_denied, as when the user cancels on X.</summary>
    public bool DenyNext { get; set; }

    /// <summary>Failures to answer before succeeding again (500s).</summary>
    public int TokenFailures { get; set; }
    public int MeFailures { get; set; }

    public ConcurrentQueue<string> IssuedCodes { get; } = new();
    public ConcurrentQueue<string> IssuedTokens { get; } = new();
    public ConcurrentQueue<string> RevokedTokens { get; } = new();
    public ConcurrentQueue<string> Refusals { get; } = new();

    public static bool Serves(PathString path) =>
        path.StartsWithSegments("/i/oauth2") || path.StartsWithSegments("/2/oauth2") || path == "/2/users/me";

    public void Map(WebApplication app)
    {
        app.MapGet("/i/oauth2/authorize", Authorize);
        app.MapPost("/2/oauth2/token", TokenAsync);
        app.MapPost("/2/oauth2/revoke", RevokeAsync);
        app.MapGet("/2/users/me", Me);
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        var redirect = (string?)q["redirect_uri"];
        if (q["response_type"] != "code" || q["client_id"] != ClientId || q["code_challenge_method"] != "S256"
            || q["scope"] != "users.read tweet.read" || string.IsNullOrEmpty(q["code_challenge"]) || string.IsNullOrEmpty(q["state"]) || redirect is null)
        {
            Refusals.Enqueue("authorize: bad request");
            return Results.BadRequest("Something went wrong: the app's authorization request is not valid.");
        }

        var state = Uri.EscapeDataString(q["state"]!);
        if (DenyNext)
        {
            DenyNext = false;
            return Results.Redirect($"{redirect}?error=access_denied&state={state}");
        }

        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        _codes[code] = (q["code_challenge"]!, redirect, SignInAs);
        IssuedCodes.Enqueue(code);
        return Results.Redirect($"{redirect}?state={state}&code={code}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        if (!HasClientCredentials(request))
        {
            Refusals.Enqueue("token: client authentication");
            return Results.Json(new JsonObject { ["error"] = "unauthorized_client" }, statusCode: 401);
        }

        if (TokenFailures > 0)
        {
            TokenFailures--;
            return Results.Json(new JsonObject { ["error"] = "server_error" }, statusCode: 500);
        }

        var form = await request.ReadFormAsync();
        var code = (string?)form["code"] ?? "";
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(code, out var issued))
        {
            Refusals.Enqueue("token: unknown or reused code");
            return InvalidGrant();
        }

        var verifier = (string?)form["code_verifier"] ?? "";
        var recomputed = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        if (form["redirect_uri"] != issued.RedirectUri || recomputed != issued.Challenge)
        {
            Refusals.Enqueue("token: redirect_uri or PKCE verifier mismatch");
            return InvalidGrant();
        }

        var token = "user-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        _tokens[token] = issued.Username;
        IssuedTokens.Enqueue(token);
        return Results.Json(new JsonObject
        {
            ["token_type"] = "bearer", ["expires_in"] = 7200, ["access_token"] = token, ["scope"] = "users.read tweet.read",
        });
    }

    private IResult Me(HttpRequest request)
    {
        var token = request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
        if (!_tokens.TryGetValue(token, out var username))
        {
            return Results.Json(new JsonObject { ["title"] = "Unauthorized", ["status"] = 401 }, statusCode: 401);
        }

        if (MeFailures > 0)
        {
            MeFailures--;
            return Results.Json(new JsonObject { ["title"] = "Service Unavailable", ["status"] = 503 }, statusCode: 503);
        }

        return Results.Json(new JsonObject { ["data"] = new JsonObject { ["id"] = "2244994945", ["name"] = username, ["username"] = username } });
    }

    private async Task<IResult> RevokeAsync(HttpRequest request)
    {
        if (!HasClientCredentials(request))
        {
            return Results.Json(new JsonObject { ["error"] = "unauthorized_client" }, statusCode: 401);
        }

        var token = (string?)(await request.ReadFormAsync())["token"] ?? "";
        if (_tokens.TryRemove(token, out _))
        {
            RevokedTokens.Enqueue(token);
        }

        return Results.Json(new JsonObject { ["revoked"] = true });
    }

    private static bool HasClientCredentials(HttpRequest request) =>
        request.Headers.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));

    private static IResult InvalidGrant() =>
        Results.Json(new JsonObject { ["error"] = "invalid_request", ["error_description"] = "Value passed for the authorization code was invalid." }, statusCode: 400);
}
