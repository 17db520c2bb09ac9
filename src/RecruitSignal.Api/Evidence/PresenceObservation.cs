using RecruitSignal.Assessments;
using RecruitSignal.Scoring;

namespace RecruitSignal.Presence;

/// <summary>One snapshot of an account on a network as the service observed it: counts, dates and matched terms only.</summary>
public sealed record PresenceObservation(
    AccountStatus Status,
    DateTimeOffset ObservedAt,
    int WindowDays,
    int? OriginalPosts,
    int? Replies,
    int? Reposts,
    int? RelevantOriginalPosts,
    DateTimeOffset? LastAuthoredPostAt,
    int? Followers,
    DateTimeOffset? AccountCreatedAt,
    IReadOnlyList<string> BioMatchedTerms)
{
    public static PresenceObservation From(EvidenceSummary stored) => new(
        stored.Status, stored.ObservedAt, stored.WindowDays, stored.OriginalPosts, stored.Replies, stored.Reposts,
        stored.RelevantOriginalPosts, stored.LastAuthoredPostAt, stored.Followers, stored.AccountCreatedAt, stored.BioMatchedTerms);

    public Evidence ToEvidence() => new(
        Status, ObservedAt, WindowDays, OriginalPosts ?? 0, Replies ?? 0, Reposts ?? 0,
        RelevantOriginalPosts ?? 0, LastAuthoredPostAt, BioMatchedTerms.Count > 0);
}
