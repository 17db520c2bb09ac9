using System.Text.RegularExpressions;

namespace RecruitSignal.Presence;

/// <summary>The DNS name grammar the networks' handles share (Bluesky handles, Mastodon servers).</summary>
internal static partial class DomainName
{
    public const int MaxLength = 253;

    public static bool IsValid(string text) => text.Length <= MaxLength && Pattern().IsMatch(text);

    // Labels of 1-63 characters without a leading or trailing '-', at least two labels, and a top-level label that
    // does not start with a digit (the atproto handle grammar). \z, not $, so that no trailing line break passes.
    [GeneratedRegex(@"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\z")]
    private static partial Regex Pattern();
}
