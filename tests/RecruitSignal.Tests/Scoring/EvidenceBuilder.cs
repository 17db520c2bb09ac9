using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Scoring;

/// <summary>Builds evidence and scores it with <c>default@1</c>, so each test states only what it is about.</summary>
internal static class EvidenceBuilder
{
    public static readonly DateTimeOffset ObservedAt = new(2025, 6, 2, 9, 30, 0, TimeSpan.Zero);

    /// <summary>A found account; <paramref name="daysSinceLastAuthored"/> null means the date is unknown.</summary>
    public static Evidence Found(
        int originalPosts = 0,
        int replies = 0,
        int reposts = 0,
        int relevantOriginalPosts = 0,
        double? daysSinceLastAuthored = null,
        bool bioMatches = false,
        int windowDays = 90,
        AccountStatus status = AccountStatus.Found,
        DateTimeOffset? observedAt = null)
    {
        var observed = observedAt ?? ObservedAt;
        return new Evidence(
            status,
            observed,
            windowDays,
            originalPosts,
            replies,
            reposts,
            relevantOriginalPosts,
            daysSinceLastAuthored is { } days ? observed - TimeSpan.FromDays(days) : null,
            bioMatches);
    }

    /// <summary>Engaged, posted 2 days ago, bio and posts relevant: every condition of the active presence holds.</summary>
    public static Evidence Active() =>
        Found(originalPosts: 10, replies: 8, reposts: 2, relevantOriginalPosts: 4, daysSinceLastAuthored: 2, bioMatches: true);

    public static ScoringResult Score(Evidence? evidence, bool handleKnown = true, bool hasRelevanceTerms = true) =>
        ScoringEngine.Score(new ScoringInput(handleKnown, evidence, hasRelevanceTerms), ScoringPolicy.Default);

    public static FactorResult Factor(this ScoringResult result, string name) =>
        Assert.Single(result.Factors, f => f.Factor == name);
}
