using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace RecruitSignal.Tenants;

/// <summary>
/// An API key looks like <c>rs_Ab3dE6gH_&lt;43 url-safe characters&gt;</c>. The short prefix finds the key's row;
/// only the SHA-256 of the whole key is stored, so a leaked database does not leak usable keys.
/// </summary>
public sealed record ApiKey(string Prefix, string Secret)
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const int PrefixLength = 8;
    private const int SecretLength = 43;

    public string Value => $"rs_{Prefix}_{Secret}";

    public byte[] Hash() => SHA256.HashData(Encoding.UTF8.GetBytes(Value));

    public static ApiKey Generate() => new(
        RandomNumberGenerator.GetString(Alphanumerics, PrefixLength),
        Base64UrlEncode(RandomNumberGenerator.GetBytes(32)));

    public static bool TryParse(string? value, [NotNullWhen(true)] out ApiKey? key)
    {
        key = null;
        if (value is not { Length: 3 + PrefixLength + 1 + SecretLength } || !value.StartsWith("rs_", StringComparison.Ordinal) || value[3 + PrefixLength] != '_')
        {
            return false;
        }

        var prefix = value.Substring(3, PrefixLength);
        var secret = value[(3 + PrefixLength + 1)..];
        if (!prefix.All(char.IsAsciiLetterOrDigit) || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        key = new ApiKey(prefix, secret);
        return true;
    }

    // The secret must never reach a log through a record's generated ToString.
    public override string ToString() => $"rs_{Prefix}_***";

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
