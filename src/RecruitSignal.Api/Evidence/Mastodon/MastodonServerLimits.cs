using System.Collections.Concurrent;

namespace RecruitSignal.Presence.Mastodon;

/// <summary>
/// Politeness per Mastodon server, in place of a paid budget: at most <see cref="RequestsPerWindow"/> reads per server
/// per 5 minutes from this replica, and none at all while a server has said (429, or X-RateLimit-Remaining 0) that its
/// window is used up. One busy server never holds back another: each has its own count and its own reset.
/// </summary>
public sealed class MastodonServerLimits(TimeProvider clock)
{
    public const int RequestsPerWindow = 300;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Server> _servers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Takes one read of the server's window, or throws RateLimited with when the server may be asked again.</summary>
    public void Take(string server)
    {
        var state = _servers.GetOrAdd(server, _ => new Server());
        var now = clock.GetUtcNow();
        lock (state)
        {
            if (state.BlockedUntil > now)
            {
                throw RateLimited(server, state.BlockedUntil);
            }

            if (now >= state.WindowStart + Window)
            {
                (state.WindowStart, state.Count) = (now, 0);
            }

            if (state.Count >= RequestsPerWindow)
            {
                throw RateLimited(server, state.WindowStart + Window);
            }

            state.Count++;
        }
    }

    /// <summary>What the server said of its window: nothing is sent to it again before <paramref name="reset"/>.</summary>
    public void Exhausted(string server, DateTimeOffset reset)
    {
        var state = _servers.GetOrAdd(server, _ => new Server());
        lock (state)
        {
            state.BlockedUntil = reset > state.BlockedUntil ? reset : state.BlockedUntil;
        }
    }

    public static LookupException RateLimited(string server, DateTimeOffset reset) =>
        LookupException.RateLimited($"The Mastodon server {server} asked to wait until {reset:O}.", reset);

    private sealed class Server
    {
        public DateTimeOffset WindowStart { get; set; } = DateTimeOffset.MinValue;
        public int Count { get; set; }
        public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
