using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace RecruitSignal.Presence.SignIn;

/// <summary>
/// The little of JOSE the sign-ins need, on the framework's own ECDsa: ES256 compact JWS (RFC 7515, the signature as
/// r||s), a P-256 public JWK (RFC 7517) and its thumbprint (RFC 7638), and PKCE S256 (RFC 7636).
/// </summary>
public static class Jws
{
    public static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }

    public static string SignEs256(ECDsa key, JsonObject header, JsonObject claims)
    {
        var input = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Base64Url(signature);
    }

    /// <summary>The public half of a P-256 key as a JWK: only kty, crv, x and y, in the order RFC 7638 hashes them.</summary>
    public static JsonObject PublicJwk(ECDsa key)
    {
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        return new JsonObject { ["crv"] = "P-256", ["kty"] = "EC", ["x"] = Base64Url(point.X), ["y"] = Base64Url(point.Y) };
    }

    public static string Thumbprint(JsonObject jwk) =>
        Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(
            $$"""{"crv":"{{jwk["crv"]}}","kty":"{{jwk["kty"]}}","x":"{{jwk["x"]}}","y":"{{jwk["y"]}}"}""")));

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A PKCE verifier (43 characters of the unreserved set) and its S256 challenge.</summary>
    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string NewId() => Base64Url(RandomNumberGenerator.GetBytes(16));
}
