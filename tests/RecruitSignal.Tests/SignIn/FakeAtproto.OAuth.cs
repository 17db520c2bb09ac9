using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RecruitSignal.Presence.SignIn;

namespace RecruitSignal.Tests.SignIn;

public sealed partial class FakeAtproto
{
    private async Task<IResult> PushedAuthorizationAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (Dpop(context, "/oauth/par") is { } refusedProof)
        {
            return refusedProof;
        }

        var client = await ClientAsync(form);
        if (client is null)
        {
            return Refuse("invalid_client", "the client assertion does not verify against the client's metadata and JWKS");
        }

        var redirect = form["redirect_uri"].ToString();
        if (form["response_type"] != "code" || form["code_challenge_method"] != "S256" || form["code_challenge"].ToString().Length != 43
            || form["scope"] != "atproto" || string.IsNullOrEmpty(form["state"])
            || client["redirect_uris"]?.AsArray().Any(u => u?.GetValue<string>() == redirect) != true
            || client["dpop_bound_access_tokens"]?.GetValue<bool>() != true)
        {
            return Refuse("invalid_request", "PAR needs response_type code, PKCE S256, scope atproto, a state and a registered redirect URI");
        }

        var requestUri = "urn:ietf:params:oauth:request_uri:req-" + Guid.NewGuid().ToString("N");
        _pars[requestUri] = new Par(form["client_id"]!, redirect, form["code_challenge"]!, form["state"]!, form["login_hint"].ToString(),
            Jws.Thumbprint(ProofKey(context)!));
        Interlocked.Increment(ref _acceptedPars);
        context.Response.Headers["DPoP-Nonce"] = Nonce;
        return Results.Json(new JsonObject { ["request_uri"] = requestUri, ["expires_in"] = 60 }, statusCode: StatusCodes.Status201Created);
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await context.Request.ReadFormAsync();
        if (Dpop(context, "/oauth/token") is { } refusedProof)
        {
            return refusedProof;
        }

        if (await ClientAsync(form) is null)
        {
            return Refuse("invalid_client", "the client assertion does not verify");
        }

        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant)
            || grant.Par.ClientId != form["client_id"] || grant.Par.RedirectUri != form["redirect_uri"]
            || JoseChecks.S256(form["code_verifier"].ToString()) != grant.Par.Challenge)
        {
            return Refuse("invalid_grant", "unknown code, or another client, redirect URI or PKCE verifier");
        }

        if (Jws.Thumbprint(ProofKey(context)!) != grant.Par.KeyThumbprint)
        {
            return Refuse("invalid_dpop_proof", "the code is bound to the DPoP key of the pushed request");
        }

        var access = "at-" + Guid.NewGuid().ToString("N");
        var refresh = "rt-" + Guid.NewGuid().ToString("N");
        IssuedTokens.Enqueue(access);
        IssuedTokens.Enqueue(refresh);
        context.Response.Headers["DPoP-Nonce"] = Nonce;
        return Results.Json(new JsonObject
        {
            ["access_token"] = access, ["refresh_token"] = refresh, ["token_type"] = "DPoP", ["scope"] = "atproto", ["sub"] = grant.Did, ["expires_in"] = 300,
        });
    }

    private async Task<IResult> RevokeAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (Dpop(context, "/oauth/revoke") is { } refusedProof)
        {
            return refusedProof;
        }

        if (await ClientAsync(form) is null)
        {
            return Refuse("invalid_client", "the client assertion does not verify");
        }

        RevokedTokens.Enqueue(form["token"].ToString());
        return Results.Ok();
    }

    /// <summary>Null when the DPoP proof holds for this endpoint and the current nonce; otherwise the refusal to send.</summary>
    private IResult? Dpop(HttpContext context, string path)
    {
        var key = ProofKey(context);
        using var publicKey = JoseChecks.FromJwk(key);
        var proof = publicKey is null ? null : JoseChecks.Verify(context.Request.Headers["DPoP"], _ => JoseChecks.FromJwk(key));
        if (proof is not var (header, claims) || header.Text("typ") != "dpop+jwt" || claims.Text("htm") != "POST"
            || claims.Text("htu") != Issuer + path || claims.Text("jti") is not { } jti || !_seenJti.TryAdd(jti, 0)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (claims.Number("iat") ?? 0)) > 300)
        {
            return Refuse("invalid_dpop_proof", "a DPoP proof signed by its own jwk, for this method and URL, with a fresh jti");
        }

        if (claims.Text("nonce") != Nonce)
        {
            context.Response.Headers["DPoP-Nonce"] = Nonce;
            return Refuse("use_dpop_nonce", "Authorization server requires nonce in DPoP proof");
        }

        return null;
    }

    private static JsonObject? ProofKey(HttpContext context)
    {
        var parts = context.Request.Headers["DPoP"].ToString().Split('.');
        try
        {
            return parts.Length == 3 ? JsonNode.Parse(Jws.FromBase64Url(parts[0]))?["jwk"]?.AsObject() : null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The client's metadata, fetched from its client_id URL, when its private_key_jwt assertion verifies; otherwise null.</summary>
    private async Task<JsonObject?> ClientAsync(IFormCollection form)
    {
        var clientId = form["client_id"].ToString();
        if (form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || !Uri.TryCreate(clientId, UriKind.Absolute, out _))
        {
            return null;
        }

        var metadata = await _fetch.GetFromJsonAsync<JsonObject>(clientId);
        if (metadata?.Text("client_id") != clientId || metadata.Text("token_endpoint_auth_method") != "private_key_jwt" || metadata.Text("jwks_uri") is not { } jwksUri)
        {
            return null;
        }

        var jwks = await _fetch.GetFromJsonAsync<JsonObject>(jwksUri);
        var assertion = JoseChecks.Verify(form["client_assertion"], header =>
            JoseChecks.FromJwk(jwks?["keys"]?.AsArray().FirstOrDefault(k => k?["kid"]?.GetValue<string>() == header.Text("kid"))));
        return assertion is var (_, claims) && claims.Text("iss") == clientId && claims.Text("sub") == clientId && claims.Text("aud") == Issuer
            && claims.Number("exp") > DateTimeOffset.UtcNow.ToUnixTimeSeconds() && claims.Text("jti") is { } jti && _seenJti.TryAdd(jti, 0)
            ? metadata
            : null;
    }

    private IResult Refuse(string error, string description)
    {
        Refusals.Enqueue(error);
        return Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: StatusCodes.Status400BadRequest);
    }
}
