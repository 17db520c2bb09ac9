using System.Security.Cryptography;
using System.Text;
using RecruitSignal.Outbound;

namespace RecruitSignal.Integrations.Greenhouse;

/// <summary>
/// The <c>url</c> of a send_test is the caller's, and the service will PATCH it later: only https to one of
/// <c>Greenhouse__CallbackHosts</c> passes, then the webhooks' SSRF guard (every resolved address checked; the PATCH
/// connection is checked again when it is made).
/// </summary>
public static class CallbackUrl
{
    /// <summary>Why the URL may not be called back, or null when it may.</summary>
    public static async Task<string?> RefusalAsync(string url, GreenhouseOptions options, TargetGuard guard, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "'url' is not an absolute https URL.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !options.AllowPrivateTargets)
        {
            return "'url' must use https.";
        }

        if (!options.AllowedHosts.Contains(uri.IdnHost.ToLowerInvariant()))
        {
            return $"'{uri.IdnHost}' is not a Greenhouse host this service calls back (Greenhouse__CallbackHosts).";
        }

        return await guard.CheckUrlAsync(url, options.AllowPrivateTargets, ct);
    }

    /// <summary>What identifies an interview within a tenant: the SHA-256 of its url, exactly as Greenhouse sent it.</summary>
    public static byte[] Hash(string url) => SHA256.HashData(Encoding.UTF8.GetBytes(url));
}
