using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RecruitSignal.Presence.SignIn;

namespace RecruitSignal.Tests.SignIn;

/// <summary>What the fake authorization server checks of a compact ES256 JWS, on its own, from the bytes up.</summary>
internal static class JoseChecks
{
    /// <summary>The header and claims of a JWS whose signature <paramref name="key"/> verifies; null for anything else.</summary>
    public static (JsonObject Header, JsonObject Claims)? Verify(string? jws, Func<JsonObject, ECDsa?> key)
    {
        var parts = jws?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            var header = JsonNode.Parse(Jws.FromBase64Url(parts[0]))!.AsObject();
            var claims = JsonNode.Parse(Jws.FromBase64Url(parts[1]))!.AsObject();
            using var verifier = header["alg"]?.GetValue<string>() == "ES256" ? key(header) : null;
            var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            return verifier?.VerifyData(signed, Jws.FromBase64Url(parts[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation) == true
                ? (header, claims)
                : null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>A P-256 public key from a JWK; null unless it is exactly that.</summary>
    public static ECDsa? FromJwk(JsonNode? jwk)
    {
        if (jwk?["kty"]?.GetValue<string>() != "EC" || jwk["crv"]?.GetValue<string>() != "P-256" || jwk["d"] is not null)
        {
            return null;
        }

        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Jws.FromBase64Url(jwk["x"]!.GetValue<string>()), Y = Jws.FromBase64Url(jwk["y"]!.GetValue<string>()) },
        });
    }

    public static string S256(string verifier) => Jws.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static string? Text(this JsonObject json, string name) => json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static long? Number(this JsonObject json, string name) => json[name] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;
}
