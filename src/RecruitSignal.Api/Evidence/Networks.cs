using System.Diagnostics.CodeAnalysis;
using RecruitSignal.Presence.Bluesky;
using RecruitSignal.Presence.Mastodon;
using RecruitSignal.Presence.X;
using RecruitSignal.Scoring;

namespace RecruitSignal.Presence;

/// <summary>
/// The networks the service knows, by wire name, and the one place that says which network a free-text link (an ATS's
/// <c>links[]</c>) is written for. Everything else about a network is its provider's (Evidence/X/, Evidence/Bluesky/,
/// Evidence/Mastodon/), reached through <see cref="IPresenceProvider"/> keyed by these names.
/// </summary>
public static class Networks
{
    public const string X = XPresenceProvider.Name;
    public const string Bluesky = BlueskyPresenceProvider.Name;
    public const string Mastodon = MastodonPresenceProvider.Name;

    /// <summary>Every network, in the order answers list them.</summary>
    public static IReadOnlyList<string> All { get; } = [X, Bluesky, Mastodon];

    /// <summary>The network as people write its name: <c>X</c>, <c>Bluesky</c>, <c>Mastodon</c>.</summary>
    public static string DisplayName(string network) => network switch
    {
        X => "X",
        Bluesky => "Bluesky",
        Mastodon => "Mastodon",
        _ => network,
    };

    /// <summary>
    /// Networks as a sentence in <paramref name="language"/> lists them: "X", "X and Bluesky", "X, Bluesky and Mastodon"
    /// ("et", "or", "ou"). <paramref name="name"/> writes each one when a sentence wants more than its display name
    /// ("X (formerly Twitter)"). Every text that names several networks goes through here, so they all read alike.
    /// </summary>
    public static string Join(IEnumerable<string> networks, string? language, Conjunction conjunction, Func<string, string>? name = null)
    {
        var names = networks.Select(name ?? DisplayName).ToList();
        var word = (language == "fr", conjunction) switch
        {
            (true, Conjunction.And) => "et",
            (true, Conjunction.Or) => "ou",
            (false, Conjunction.And) => "and",
            _ => "or",
        };
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} {word} {names[^1]}";
    }

    /// <summary>The networks <paramref name="policy"/> reads, in the order answers list them: those it names, else X alone (default@1).</summary>
    public static IReadOnlyList<string> ReadBy(ScoringPolicy policy) => policy.Networks is { } named ? [.. All.Where(named.Contains)] : [X];

    public static bool IsKnown(string? network) => network is not null && All.Contains(network, StringComparer.Ordinal);

    /// <summary>Reads a handle written for <paramref name="network"/> as the service stores it; the error names what is wrong.</summary>
    public static bool TryParse(string network, string? text, [NotNullWhen(true)] out string? handle, [NotNullWhen(false)] out string? error)
    {
        handle = null;
        if (!Parsers.TryGetValue(network, out var parse))
        {
            error = $"'{network}' is not a network: one of {string.Join(", ", All)}.";
            return false;
        }

        handle = parse(text, out error);
        return handle is not null;
    }

    /// <summary>A network's status from an account's: a protected account is X's <c>protected</c>, another network's <c>restricted</c>.</summary>
    public static NetworkStatus StatusOf(string network, AccountStatus status) => status switch
    {
        AccountStatus.Found => NetworkStatus.Found,
        AccountStatus.NotFound => NetworkStatus.NotFound,
        AccountStatus.Suspended => NetworkStatus.Suspended,
        _ => network == X ? NetworkStatus.Protected : NetworkStatus.Restricted,
    };

    /// <summary>The source of an observation the service fetched: <c>x_api</c> for X (reused within a tenant), <c>network_api</c> for the others.</summary>
    public static string FetchedSource(string network) => network == X ? "x_api" : "network_api";

    private delegate string? Parse(string? text, out string? error);

    private static readonly Dictionary<string, Parse> Parsers = new(StringComparer.Ordinal)
    {
        [X] = (string? text, out string? error) => XHandle.TryParse(text, out var h, out error) ? h.Value : null,
        [Bluesky] = (string? text, out string? error) => BlueskyHandle.TryParse(text, out var h, out error) ? h.Value : null,
        [Mastodon] = (string? text, out string? error) => MastodonHandle.TryParse(text, out var h, out error) ? h.Value : null,
    };

    /// <summary>
    /// The network a link is meant for, or null for another site's link. Order matters: <c>@user@server</c> is Mastodon
    /// before <c>@name</c> is X; a bsky.app or x.com URL is theirs before any <c>https://host/@user</c> URL is taken as a
    /// Mastodon profile. Whether such a host really runs Mastodon is WebFinger's answer, asked at lookup time: a host
    /// that does not know the account makes the network <c>not_found</c>.
    /// </summary>
    public static string? OfLink(string? link) =>
        BlueskyHandle.PointsToBluesky(link) ? Bluesky
        : MastodonHandle.PointsToMastodon(link) ? Mastodon
        : XHandle.PointsToX(link) ? X
        : MastodonHandle.IsProfileUrl(link) ? Mastodon
        : null;
}

/// <summary>How <see cref="Networks.Join"/> links the last network: "and" for all of them, "or" after "whether" or a negation.</summary>
public enum Conjunction
{
    And,
    Or,
}
