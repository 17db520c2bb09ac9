using System.Net;
using System.Text.RegularExpressions;
using RecruitSignal.Presence.Mastodon;

namespace RecruitSignal.Presence;

/// <summary>Mastodon's statuses, read into the shared tally.</summary>
internal sealed partial class TimelineTally
{
    /// <summary>A reblog is a repost; a reply to someone else a reply; a post or a reply to oneself (a thread) original.</summary>
    internal void Add(IEnumerable<MastodonStatus> statuses, string accountId)
    {
        foreach (var status in statuses)
        {
            var kind = status.Reblog is not null ? PostKind.Repost
                : status.InReplyToId is not null && status.InReplyToAccountId != accountId ? PostKind.Reply
                : PostKind.Original;
            Count(kind, status.CreatedAt, status.Content is null ? null : WebUtility.HtmlDecode(Tags().Replace(status.Content, " ")));
        }
    }

    // Statuses come as HTML; only their words are matched against the terms.
    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
