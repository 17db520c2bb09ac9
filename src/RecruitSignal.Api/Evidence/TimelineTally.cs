using RecruitSignal.Scoring;

namespace RecruitSignal.Presence;

/// <summary>
/// Counts a timeline page by page (design section 3), whatever the network. Each post's text is matched against
/// the relevance terms here and then forgotten: only counts and the newest authored date are kept. Each network
/// reads its own post shapes into <see cref="Count"/> (X: TimelineTally.X.cs).
/// </summary>
internal sealed partial class TimelineTally(DateTimeOffset windowStart, RelevanceTerms terms)
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

    /// <summary>Counts one post read from a timeline; its text is matched, then dropped.</summary>
    public void Count(PostKind kind, DateTimeOffset? createdAt, string? text)
    {
        Seen++;
        if (createdAt < windowStart)
        {
            ReachedWindowStart = true;
            return;
        }

        switch (kind)
        {
            case PostKind.Repost:
                Reposts++;
                return;
            case PostKind.Reply:
                Replies++;
                break;
            default:
                OriginalPosts++;
                if (terms.MatchesIn(text).Count > 0)
                {
                    RelevantOriginalPosts++;
                }

                break;
        }

        if (createdAt is { } at && (LastAuthoredPostAt is null || at > LastAuthoredPostAt))
        {
            LastAuthoredPostAt = at;
        }
    }
}

internal enum PostKind { Original, Reply, Repost }
