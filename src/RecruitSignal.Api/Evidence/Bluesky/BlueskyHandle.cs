using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace RecruitSignal.Presence.Bluesky;

/// <summary>
/// A Bluesky account as people write it: a handle (<c>camille.bsky.social</c>, <c>@camille.example.org</c>), a DID
/// (<c>did:plc:...</c>, <c>did:web:...</c>) or a bsky.app profile URL holding either. Handles are stored lower-case,
/// as the atproto handle spec normalises them; whether a handle really resolves is the lookup's question, not this one's.
/// </summary>
public sealed partial record BlueskyHandle
{
    public const int MaxLength = DomainName.MaxLength;

    // Top-level domains the atproto handle spec says are never resolved.
    private static readonly HashSet<string> RefusedTopLevel = new(StringComparer.OrdinalIgnoreCase)
    {
        "alt", "arpa", "example", "internal", "invalid", "local", "localhost", "onion",
    };

    private static readonly HashSet<string> ProfileHosts = new(StringComparer.OrdinalIgnoreCase) { "bsky.app", "www.bsky.app" };

    private BlueskyHandle(string value) => Value = value;

    /// <summary>A lower-case handle, or a DID as written.</summary>
    public string Value { get; }

    public bool IsDid => Value.StartsWith("did:", StringComparison.Ordinal);

    public override string ToString() => Value;

    public static bool TryParse(string? input, [NotNullWhen(true)] out BlueskyHandle? handle, [NotNullWhen(false)] out string? error)
    {
        handle = null;
        var text = input?.Trim() ?? "";
        if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("bsky.app/", StringComparison.OrdinalIgnoreCase))
        {
            error = FromProfileUrl(text, out text);
            if (error is not null)
            {
                return false;
            }
        }

        text = text.StartsWith('@') ? text[1..] : text;
        error = text.StartsWith("did:", StringComparison.Ordinal) ? CheckDid(text) : CheckHandle(text);
        if (error is null)
        {
            handle = new BlueskyHandle(text.StartsWith("did:", StringComparison.Ordinal) ? text : text.ToLowerInvariant());
        }

        return error is null;
    }

    /// <summary>Whether free text (an ATS link) is meant as a Bluesky account: a bsky.app URL or a DID.</summary>
    public static bool PointsToBluesky(string? input)
    {
        var text = input?.Trim() ?? "";
        if (text.StartsWith("did:", StringComparison.Ordinal))
        {
            return true;
        }

        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        return Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) && ProfileHosts.Contains(uri.Host);
    }

    private static string? FromProfileUrl(string text, out string actor)
    {
        actor = "";
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || !ProfileHosts.Contains(uri.Host))
        {
            return "A Bluesky link is a https://bsky.app/profile/<handle or DID> URL.";
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length != 2 || !string.Equals(segments[0], "profile", StringComparison.Ordinal))
        {
            return $"'{uri.AbsolutePath}' is not a profile path: give https://bsky.app/profile/<handle or DID>.";
        }

        actor = Uri.UnescapeDataString(segments[1]);
        return null;
    }

    private static string? CheckHandle(string text)
    {
        if (text.Length == 0)
        {
            return "The Bluesky handle is empty.";
        }

        if (text.Length > MaxLength)
        {
            return $"A Bluesky handle has at most {MaxLength} characters.";
        }

        if (!DomainName.IsValid(text))
        {
            return "A Bluesky handle is a domain name such as camille.bsky.social: letters, digits and '-' between dots.";
        }

        var topLevel = text[(text.LastIndexOf('.') + 1)..];
        return RefusedTopLevel.Contains(topLevel) ? $"'.{topLevel}' is a domain no Bluesky handle can use." : null;
    }

    private static string? CheckDid(string text) =>
        PlcPattern().IsMatch(text) || (text.StartsWith("did:web:", StringComparison.Ordinal) && CheckHandle(text[8..]) is null)
            ? null
            : "A Bluesky DID is did:plc: and 24 characters a-z, 2-7, or did:web: and a domain name.";

    [GeneratedRegex(@"^did:plc:[a-z2-7]{24}\z")]
    private static partial Regex PlcPattern();
}
