using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace RecruitSignal.Tests.SignIn;

public sealed partial class FakeMastodonOAuth
{
    private static readonly HashSet<string> KnownScopes = ["read", "write", "profile", "read:accounts", "read:statuses"];

    private async Task<IResult> RegisterAsync(HttpContext context)
    {
        var body = context.Request.HasJsonContentType() ? await context.Request.ReadFromJsonAsync<JsonObject>() : null;
        var scopes = (body?.Text("scopes") ?? "read").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        if (body?.Text("client_name") is not { Length: > 0 } name || body.Text("redirect_uris") is not { Length: > 0 } redirect
            || !scopes.All(KnownScopes.Contains) || (!ServesMetadata && scopes.Contains("profile")))
        {
            return Refuse(422, "Validation failed: client_name, redirect_uris and known scopes are required");
        }

        var app = new App("client-" + Guid.NewGuid().ToString("N"), "secret-" + Guid.NewGuid().ToString("N"), redirect, scopes);
        _apps[app.ClientId] = app;
        Registrations.Enqueue(name);
        return Results.Json(new JsonObject
        {
            ["id"] = Registrations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ["name"] = name, ["redirect_uri"] = redirect,
            ["client_id"] = app.ClientId, ["client_secret"] = app.Secret, ["scopes"] = new JsonArray(scopes.Select(s => (JsonNode)s).ToArray()),
        });
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (!_apps.TryGetValue(form["client_id"].ToString(), out var app) || app.Secret != form["client_secret"])
        {
            return Refuse(401, "invalid_client");
        }

        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var code) || code.ClientId != app.ClientId
            || form["redirect_uri"] != app.RedirectUri || JoseChecks.S256(form["code_verifier"].ToString()) != code.Challenge)
        {
            return Refuse(400, "invalid_grant");
        }

        var token = "mt-" + Guid.NewGuid().ToString("N");
        _tokens[token] = (code.Username, code.Scope);
        IssuedTokens.Enqueue(token);
        return Results.Json(new JsonObject { ["access_token"] = token, ["token_type"] = "Bearer", ["scope"] = code.Scope, ["created_at"] = 1733580000 });
    }

    private IResult VerifyCredentials(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.TryGetValue(header[7..], out var granted))
        {
            return Refuse(401, "The access token is invalid");
        }

        if (!granted.Scope.Split(' ').Any(s => s is "profile" or "read" or "read:accounts"))
        {
            return Refuse(403, "This action is outside the authorized scopes");
        }

        return Results.Json(new JsonObject
        {
            ["id"] = "1090", ["username"] = granted.Username, ["acct"] = granted.Username, ["display_name"] = granted.Username,
            ["url"] = $"{Base}/@{granted.Username}",
        });
    }

    private async Task<IResult> RevokeAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (!_apps.TryGetValue(form["client_id"].ToString(), out var app) || app.Secret != form["client_secret"])
        {
            return Refuse(403, "unauthorized_client");
        }

        if (_tokens.TryRemove(form["token"].ToString(), out _))
        {
            RevokedTokens.Enqueue(form["token"].ToString());
        }

        return Results.Json(new JsonObject());
    }

    private IResult Refuse(int status, string error)
    {
        Refusals.Enqueue(error);
        return Results.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }
}
