namespace RecruitSignal.Scoring;

public enum AccountStatus { Found, NotFound, Suspended, Protected }

/// <summary>
/// What the scoring engine sees of one X account: counts and dates over a window ending at
/// <see cref="ObservedAt"/>, and whether the bio matched a relevance term. Never any post text.
/// </summary>
public sealed record Evidence(
    AccountStatus Status,
    DateTimeOffset ObservedAt,
    int WindowDays,
    int OriginalPosts,
    int Replies,
    int Reposts,
    int RelevantOriginalPosts,
    DateTimeOffset? LastAuthoredPostAt,
    bool BioMatchesTerms)
{
    public int Authored => OriginalPosts + Replies;

    public int Total => Authored + Reposts;
}
