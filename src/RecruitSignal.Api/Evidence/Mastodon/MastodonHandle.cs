using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace RecruitSignal.Presence.Mastodon;

/// <summary>
/// A Mastodon account: <c>@user@server</c>, <c>user@server</c> or a profile URL <c>https://server/@user</c>. Stored as
/// <c>user@server</c> with the server lower-case. A URL on any host parses; whether that host really runs Mastodon and
/// knows the user is WebFinger's answer, asked by the lookup.
/// </summary>
public sealed partial record MastodonHandle
{
    public const int MaxUsernameLength = 30;

    private MastodonHandle(string username, string server)
    {
        Username = username;
        Server = server;
    }

    public string Username { get; }

    /// <summary>The server's host name, lower-case.</summary>
    public string Server { get; }

    public string Value => $"{Username}@{Server}";

    public override string ToString() => Value;

    public static bool TryParse(string? input, [NotNullWhen(true)] out MastodonHandle? handle, [NotNullWhen(false)] out string? error)
    {
        handle = null;
        var text = input?.Trim() ?? "";
        string username, server;
        if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !uri.IsDefaultPort || uri.Query.Length > 0
                || uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) is not [var segment] || !segment.StartsWith('@'))
            {
                error = "A Mastodon link is a profile URL such as https://mastodon.social/@camille.";
                return false;
            }

            (username, server) = (Uri.UnescapeDataString(segment[1..]), uri.IdnHost);
        }
        else
        {
            var parts = (text.StartsWith('@') ? text[1..] : text).Split('@');
            if (parts.Length != 2)
            {
                error = "A Mastodon handle is @user@server, such as @camille@mastodon.social.";
                return false;
            }

            (username, server) = (parts[0], parts[1]);
        }

        error = Check(username, server);
        if (error is null)
        {
            handle = new MastodonHandle(username, server.ToLowerInvariant());
        }

        return error is null;
    }

    /// <summary>Whether free text (an ATS link) is written as a Mastodon account: <c>@user@server</c>.</summary>
    public static bool PointsToMastodon(string? input) => input?.Trim() is { } text && text.StartsWith('@') && text.IndexOf('@', 1) > 1;

    /// <summary>Whether a URL reads as a profile on some server (<c>https://host/@user</c>); only WebFinger can say it is Mastodon.</summary>
    public static bool IsProfileUrl(string? input) =>
        input?.Trim() is { } text && text.Contains("://", StringComparison.Ordinal) && TryParse(text, out _, out _);

    private static string? Check(string username, string server)
    {
        if (username.Length is 0 or > MaxUsernameLength || !UsernamePattern().IsMatch(username))
        {
            return $"A Mastodon username has 1 to {MaxUsernameLength} letters, digits or '_' (with '.' or '-' inside).";
        }

        return DomainName.IsValid(server) && !server.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"'{server}' is not a server name: give @user@server, such as @camille@mastodon.social.";
    }

    // Mastodon's USERNAME_RE (app/models/account.rb); \z so that no trailing line break passes.
    [GeneratedRegex(@"^[a-zA-Z0-9_]+([a-zA-Z0-9_.\-]+[a-zA-Z0-9_]+)?\z")]
    private static partial Regex UsernamePattern();
}
