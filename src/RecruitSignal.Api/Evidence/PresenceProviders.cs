namespace RecruitSignal.Presence;

/// <summary>
/// The registry of providers: the one place a network's name becomes its <see cref="IPresenceProvider"/> (registered keyed by
/// that name in Evidence/X/, Evidence/Bluesky/, Evidence/Mastodon/), so nothing else switches on a network.
/// </summary>
public sealed class PresenceProviders(IServiceProvider services)
{
    private readonly Dictionary<string, bool> _configured = Networks.All.ToDictionary(
        n => n, n => services.GetRequiredKeyedService<IPresenceProvider>(n).IsConfigured, StringComparer.Ordinal);

    /// <summary>The provider of <paramref name="network"/>, from <paramref name="scope"/> (a worker's round) or the root.</summary>
    public IPresenceProvider Get(string network, IServiceProvider? scope = null) =>
        (scope ?? services).GetRequiredKeyedService<IPresenceProvider>(network);

    /// <summary>Whether the service may read <paramref name="network"/> at all (X needs a bearer token; the others read public data).</summary>
    public bool IsConfigured(string network) => _configured.GetValueOrDefault(network);

    public IEnumerable<string> Configured => _configured.Where(c => c.Value).Select(c => c.Key);
}
