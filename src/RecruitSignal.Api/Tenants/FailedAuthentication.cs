using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace RecruitSignal.Tenants;

/// <summary>Environment: <c>Authentication__FailuresPerClient</c>, <c>Authentication__FailureWindow</c>, <c>Authentication__KeyCacheDuration</c>.</summary>
public sealed class AuthenticationOptions
{
    public const string Section = "Authentication";

    /// <summary>Wrong keys one client address may present per window before it is refused with 429.</summary>
    [Range(1, 100_000, ErrorMessage = "Authentication__FailuresPerClient is from 1 to 100000 (default 20).")]
    public int FailuresPerClient { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Authentication__FailureWindow is a duration from 00:00:01 to 1.00:00:00 (default 00:01:00).")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a resolved key is trusted before the database is asked again: the longest a revocation takes to
    /// reach this replica. 0 looks every key up on every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01", ErrorMessage = "Authentication__KeyCacheDuration is a duration from 00:00:00 to 00:00:01 (default 00:00:00.500): a revoked key must stop within a second.")]
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>
/// Counts wrong keys per client address, per replica, in a fixed window. Past the limit the address gets 429
/// for whatever key it sends until the window ends, so keys cannot be guessed at speed. Missing keys do not
/// count: only a presented key that is malformed, unknown, revoked or expired. Usable by any scheme (Basic too).
/// </summary>
public sealed class FailedAuthentication(IMemoryCache cache, IOptions<AuthenticationOptions> options, TimeProvider clock)
{
    /// <summary>When the address may try again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(IPAddress? client)
    {
        if (client is null || !cache.TryGetValue(Key(client), out Window? window) || window is null)
        {
            return null;
        }

        var left = window.EndsAt - clock.GetUtcNow();
        return Volatile.Read(ref window.Failures) >= options.Value.FailuresPerClient && left > TimeSpan.Zero ? left : null;
    }

    public void Record(IPAddress? client)
    {
        if (client is null)
        {
            return;
        }

        var length = options.Value.FailureWindow;
        var window = cache.GetOrCreate(Key(client), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = length;
            return new Window(clock.GetUtcNow() + length);
        })!;
        Interlocked.Increment(ref window.Failures);
    }

    // IPv4 clients seen through a dual-stack socket count as the same address as plain IPv4 ones.
    private static (Type, string) Key(IPAddress client) =>
        (typeof(FailedAuthentication), (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString());

    private sealed class Window(DateTimeOffset endsAt)
    {
        public int Failures;

        public DateTimeOffset EndsAt { get; } = endsAt;
    }
}
