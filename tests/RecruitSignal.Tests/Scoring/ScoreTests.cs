using RecruitSignal.Scoring;
using static RecruitSignal.Tests.Scoring.EvidenceBuilder;

namespace RecruitSignal.Tests.Scoring;

/// <summary>Design section 6: the score is the rounded sum of the factor points, 0..100.</summary>
public class ScoreTests
{
    /// <summary>The design's formulas, written out independently of the engine, each factor's points shown to 2 decimals.</summary>
    private static double DesignPoints(Evidence e) => DesignFactors(e).Sum(points => Math.Round(points, 2, MidpointRounding.AwayFromZero));

    private static double[] DesignFactors(Evidence e)
    {
        var authored = e.OriginalPosts + e.Replies;
        var total = authored + e.Reposts;
        double? days = e.LastAuthoredPostAt is { } last ? Math.Max(0, (e.ObservedAt - last).TotalDays) : null;
        var recency = days switch
        {
            null => 0,
            <= 7 => 25,
            { } d when d >= e.WindowDays => 0,
            { } d => 25 * (e.WindowDays - d) / (e.WindowDays - 7),
        };
        var cadence = Math.Min(authored * 30.0 / e.WindowDays / 8, 1) * 20;
        var conversation = Math.Min(e.Replies / 10.0, 1) * 15;
        var authorship = total == 0 ? 0 : authored * 10.0 / total;
        var relevance = (e.BioMatchesTerms ? 8 : 0)
            + (e.OriginalPosts == 0 ? 0 : Math.Min((double)e.RelevantOriginalPosts / e.OriginalPosts / 0.5, 1) * 12);
        return [10, recency, cadence, conversation, authorship, relevance];
    }

    // Round away float noise first: 6.666... + 5.333... must count as exactly 12.
    private static int Rounded(double points) =>
        (int)Math.Round(Math.Round(points, 9), MidpointRounding.AwayFromZero);

    public static TheoryData<Evidence> Evidences() =>
    [
        Active(),
        Found(),
        Found(reposts: 40),
        Found(originalPosts: 5, daysSinceLastAuthored: 60),
        Found(originalPosts: 6, replies: 2, reposts: 3, relevantOriginalPosts: 1, daysSinceLastAuthored: 20),
        Found(originalPosts: 30, replies: 12, relevantOriginalPosts: 15, daysSinceLastAuthored: 1, bioMatches: true),
        Found(originalPosts: 9, replies: 1, reposts: 2, relevantOriginalPosts: 2, bioMatches: true), // exactly 41.5
        Found(originalPosts: 4, replies: 4, reposts: 4, relevantOriginalPosts: 1, daysSinceLastAuthored: 45, windowDays: 60),
        Found(originalPosts: 2, replies: 0, reposts: 1, daysSinceLastAuthored: 3, windowDays: 7),
    ];

    [Theory]
    [MemberData(nameof(Evidences))]
    public void ScoreIsTheRoundedSumOfTheDesignFactors(Evidence evidence)
    {
        var result = Score(evidence);

        Assert.Equal(Rounded(DesignPoints(evidence)), result.Score);
        Assert.InRange(result.Score!.Value, 0, 100);
    }

    [Theory]
    [MemberData(nameof(Evidences))]
    public void ShownFactorPointsAddUpToTheScore(Evidence evidence)
    {
        var result = Score(evidence);

        Assert.Equal(result.Score, Rounded(result.Factors.Sum(f => f.Points)));
    }

    [Fact]
    public void EverythingAtFullMarksScoresOneHundred()
    {
        var evidence = Found(originalPosts: 30, replies: 10, relevantOriginalPosts: 15, daysSinceLastAuthored: 0, bioMatches: true);

        var result = Score(evidence);

        Assert.Equal(100, result.Score);
        Assert.Equal(Band.Strong, result.Band);
    }

    [Fact]
    public void AFoundAccountWithNoActivityScoresItsPresenceOnly()
    {
        var result = Score(Found());

        Assert.Equal(10, result.Score);
        Assert.Equal(Band.Weak, result.Band);
    }

    [Fact]
    public void ExactHalfPointSumRoundsUpDespiteFloatingPointNoise()
    {
        // cadence 8 * 30 / 90 / 8 * 20 = 20/3, authorship 8 / 15 * 10 = 16/3, conversation 1.5, bio 8:
        // 10 + 20/3 + 1.5 + 16/3 + 8 = 31.5 exactly, which rounds to 32.
        var evidence = Found(originalPosts: 7, replies: 1, reposts: 7, bioMatches: true);
        Assert.Equal(31.5, DesignPoints(evidence), 1e-9);

        var result = Score(evidence);

        Assert.Equal(32, result.Score);
    }
}
