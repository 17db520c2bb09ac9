using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using RecruitSignal.Presence.SignIn;

namespace RecruitSignal.Presence.Bluesky.SignIn;

/// <summary>
/// A form POST to the authorization server carrying a DPoP proof (RFC 9449) made with the sign-in's own key. A server
/// that wants a nonce answers <c>use_dpop_nonce</c> with a <c>DPoP-Nonce</c> header: the request is made again once,
/// with that nonce and a fresh proof and client assertion (each single use). The latest nonce is kept for the next call.
/// </summary>
public sealed class DpopPost(ECDsa key, string? nonce, TimeProvider clock)
{
    public string? Nonce { get; private set; } = nonce;

    public async Task<HttpResponseMessage> SendAsync(HttpClient client, Uri endpoint, Func<Task<(string, string)[]>> fields, CancellationToken ct)
    {
        var response = await SendOnceAsync(client, endpoint, await fields(), ct);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized && await AsksForNonceAsync(response, ct))
        {
            response.Dispose();
            response = await SendOnceAsync(client, endpoint, await fields(), ct);
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpClient client, Uri endpoint, (string, string)[] fields, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = SignInHttp.Form(fields) };
        request.Headers.Add("DPoP", Proof("POST", endpoint));
        var response = await client.SendAsync(request, ct);
        if (response.Headers.TryGetValues("DPoP-Nonce", out var nonces) && nonces.FirstOrDefault() is { Length: > 0 and <= 200 } fresh)
        {
            Nonce = fresh;
        }

        return response;
    }

    private static async Task<bool> AsksForNonceAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.Headers.Contains("DPoP-Nonce"))
        {
            return false;
        }

        try
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))?["error"]?.GetValue<string>() == "use_dpop_nonce";
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The proof: typ dpop+jwt, the public key in the header, the method and URL (no query) and the nonce in the claims.</summary>
    private string Proof(string method, Uri endpoint)
    {
        var claims = new JsonObject
        {
            ["jti"] = Jws.NewId(), ["htm"] = method, ["htu"] = endpoint.GetLeftPart(UriPartial.Path), ["iat"] = clock.GetUtcNow().ToUnixTimeSeconds(),
        };
        if (Nonce is not null)
        {
            claims["nonce"] = Nonce;
        }

        return Jws.SignEs256(key, new JsonObject { ["typ"] = "dpop+jwt", ["alg"] = "ES256", ["jwk"] = Jws.PublicJwk(key) }, claims);
    }
}
