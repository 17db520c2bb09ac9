using System.Security.Cryptography;
using System.Text;
using RecruitSignal.Outbound;

namespace RecruitSignal.Integrations;

/// <summary>
/// Where an ATS asks for its result to go is the caller's choice, and the service will call it later: only https to one
/// of the adapter's allowed hosts passes, then the SSRF guard (every resolved address checked; the connection is checked
/// again when it is made).
/// </summary>
public static class CallbackTarget
{
    /// <summary>Why the URL may not be called back, or null when it may.</summary>
    /// <param name="field">The ATS's name of the field, quoted in the refusal.</param>
    /// <param name="ats">The ATS's name, as people read it.</param>
    /// <param name="setting">The environment variable that lists <paramref name="hosts"/>.</param>
    public static async Task<string?> RefusalAsync(
        string url, string field, string ats, IReadOnlyList<string> hosts, string setting, bool allowPrivate, TargetGuard guard, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return $"'{field}' is not an absolute https URL.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !allowPrivate)
        {
            return $"'{field}' must use https.";
        }

        if (!hosts.Contains(uri.IdnHost.ToLowerInvariant()))
        {
            return $"'{uri.IdnHost}' is not a {ats} host this service calls back ({setting}).";
        }

        return await guard.CheckUrlAsync(url, allowPrivate, ct);
    }

    /// <summary>What identifies an order within a tenant and an ATS: the SHA-256 of its key, exactly as the ATS sent it.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
