using RecruitSignal.Scoring;

namespace RecruitSignal.XApi;

/// <summary>
/// Counts a timeline page by page (design section 3). Each post's text is matched against the relevance
/// terms here and then forgotten: only counts and the newest authored date are kept.
/// </summary>
internal sealed class TimelineTally(DateTimeOffset windowStart, RelevanceTerms terms)
{
    public int OriginalPosts { get; private set; }

    public int Replies { get; private set; }

    public int Reposts { get; private set; }

    public int RelevantOriginalPosts { get; private set; }

    public DateTimeOffset? LastAuthoredPostAt { get; private set; }

    /// <summary>Posts read, in the window or not (X serves at most 3,200 of an account's latest).</summary>
    public int Seen { get; private set; }

    /// <summary>True once a post older than the window was read: the next pages are older still.</summary>
    public bool ReachedWindowStart { get; private set; }

    public void Add(IEnumerable<XPost> posts)
    {
        foreach (var post in posts)
        {
            Seen++;
            if (post.CreatedAt < windowStart)
            {
                ReachedWindowStart = true;
                continue;
            }

            switch (Classify(post))
            {
                case PostKind.Repost:
                    Reposts++;
                    continue;
                case PostKind.Reply:
                    Replies++;
                    break;
                default:
                    OriginalPosts++;
                    if (terms.MatchesIn(post.Text).Count > 0)
                    {
                        RelevantOriginalPosts++;
                    }

                    break;
            }

            if (post.CreatedAt is { } at && (LastAuthoredPostAt is null || at > LastAuthoredPostAt))
            {
                LastAuthoredPostAt = at;
            }
        }
    }

    /// <summary>A repost if it retweets, else a reply if it replies; a quote or a plain post is original.</summary>
    internal static PostKind Classify(XPost post)
    {
        var types = post.ReferencedTweets?.Select(r => r.Type).ToList() ?? [];
        return types.Contains("retweeted") ? PostKind.Repost
            : types.Contains("replied_to") ? PostKind.Reply
            : PostKind.Original;
    }
}

internal enum PostKind { Original, Reply, Repost }
