using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace RecruitSignal.Presence.X;

/// <summary>
/// An X (Twitter) username, parsed from what ATSs really hold: a bare name, an @-name or a profile URL.
/// Stored without '@' in its display case; compared case-insensitively.
/// </summary>
public sealed partial record XHandle
{
    public const int MaxLength = 15;

    private static readonly HashSet<string> ProfileHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "x.com", "www.x.com", "mobile.x.com",
        "twitter.com", "www.twitter.com", "mobile.twitter.com",
    };

    // First path segments of x.com that are pages of the site, not accounts.
    private static readonly HashSet<string> ReservedPaths = new(StringComparer.OrdinalIgnoreCase)
    {
        "home", "i", "search", "intent", "share", "status", "statuses", "explore", "notifications",
        "messages", "settings", "login", "logout", "signup", "hashtag", "compose", "tos", "privacy",
        "account", "about", "download", "jobs", "who_to_follow", "lists", "bookmarks",
    };

    private XHandle(string value) => Value = value;

    /// <summary>The username without '@', as the caller wrote it.</summary>
    public string Value { get; }

    public bool Matches(XHandle other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Value;

    public static bool TryParse(string? input, [NotNullWhen(true)] out XHandle? handle, [NotNullWhen(false)] out string? error)
    {
        handle = null;
        error = Validate(input, out var name);
        if (error is null)
        {
            handle = new XHandle(name!);
        }

        return error is null;
    }

    /// <summary>
    /// Whether free text (an ATS link) is meant as an X account: an <c>@name</c> or a URL on an X host.
    /// Such a link must then be a valid profile; anything else is some other site's link.
    /// </summary>
    public static bool PointsToX(string? input)
    {
        var text = input?.Trim() ?? "";
        if (text.StartsWith('@'))
        {
            return true;
        }

        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        return LooksLikeUrl(text) && Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) && ProfileHosts.Contains(uri.Host);
    }

    public static XHandle Parse(string input) =>
        TryParse(input, out var handle, out var error) ? handle : throw new FormatException(error);

    private static string? Validate(string? input, out string? name)
    {
        name = null;
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "The X handle is empty.";
        }

        if (LooksLikeUrl(text))
        {
            return ParseUrl(text, out name);
        }

        return CheckUsername(text.StartsWith('@') ? text[1..] : text, out name);
    }

    private static bool LooksLikeUrl(string text) =>
        text.Contains("://", StringComparison.Ordinal) || text.Contains('/', StringComparison.Ordinal) || text.Contains('.', StringComparison.Ordinal);

    private static string? ParseUrl(string text, out string? name)
    {
        name = null;
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "The X handle is neither a username nor an x.com / twitter.com profile URL.";
        }

        if (!ProfileHosts.Contains(uri.Host))
        {
            return $"'{uri.Host}' is not an X host: give a username or an x.com / twitter.com profile URL.";
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return "The URL has no username: give a profile URL such as https://x.com/username.";
        }

        if (segments.Length > 1 || ReservedPaths.Contains(segments[0]))
        {
            return $"'{uri.AbsolutePath}' is not a profile path: give a profile URL such as https://x.com/username.";
        }

        return CheckUsername(Uri.UnescapeDataString(segments[0]), out name);
    }

    private static string? CheckUsername(string candidate, out string? name)
    {
        name = null;
        if (candidate.Length == 0)
        {
            return "The X username is empty.";
        }

        if (candidate.Length > MaxLength)
        {
            return $"An X username has at most {MaxLength} characters.";
        }

        if (!UsernamePattern().IsMatch(candidate))
        {
            return "An X username only has letters A-Z, digits and '_'.";
        }

        name = candidate;
        return null;
    }

    // \z, not $: "$" would also accept a name followed by a decoded line break ("camille%0A").
    [GeneratedRegex(@"^[A-Za-z0-9_]{1,15}\z")]
    private static partial Regex UsernamePattern();
}
