using System.Text.RegularExpressions;

namespace RecruitSignal.Telemetry;

/// <summary>
/// What an outgoing call's span may say about its URL. X API paths name a handle or an account id, and a
/// webhook receiver's path or query may hold its own secret, so spans keep the route shape and the host only.
/// </summary>
public static partial class Redaction
{
    public static string? UrlOf(Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri)
        {
            return null;
        }

        var origin = uri.GetLeftPart(UriPartial.Authority);
        return XRoute(uri.AbsolutePath) is { } route ? origin + route : origin + "/";
    }

    /// <summary>The route template of an X API v2 path (<c>/2/users/by/username/{username}</c>), or null.</summary>
    public static string? XRoute(string path) =>
        UserByName().IsMatch(path) ? "/2/users/by/username/{username}"
        : UserPosts().IsMatch(path) ? "/2/users/{id}/tweets"
        : null;

    [GeneratedRegex("^/2/users/by/username/[^/]+$")]
    private static partial Regex UserByName();

    [GeneratedRegex("^/2/users/[^/]+/tweets$")]
    private static partial Regex UserPosts();
}
