using System.Security.Cryptography;
using System.Text;

namespace RecruitSignal.Webhooks;

/// <summary>
/// How a delivery proves it comes from RecruitSignal: <c>v1=</c> then the lowercase hex
/// HMAC-SHA256, keyed by the subscription's secret (its UTF-8 text), of <c>timestamp + "." + body</c>.
/// </summary>
public static class WebhookSignature
{
    public const string EventIdHeader = "RecruitSignal-Event-Id";
    public const string EventTypeHeader = "RecruitSignal-Event-Type";
    public const string TimestampHeader = "RecruitSignal-Timestamp";
    public const string SignatureHeader = "RecruitSignal-Signature";

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Sign(string secret, long timestamp, string body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>What a receiver does: recompute, compare in constant time, and refuse old timestamps (replays).</summary>
    public static bool Verify(string secret, string timestampHeader, string body, string signatureHeader, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, out var timestamp)
            || (now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signatureHeader));
    }
}
