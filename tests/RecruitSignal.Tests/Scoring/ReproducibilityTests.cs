using RecruitSignal.Scoring;
using static RecruitSignal.Tests.Scoring.EvidenceBuilder;

namespace RecruitSignal.Tests.Scoring;

/// <summary>Design principle 2: scoring is a pure function of evidence, policy and observation time.</summary>
public class ReproducibilityTests
{
    public static TheoryData<Evidence?, bool> Inputs() => new()
    {
        { Active(), true },
        { Found(originalPosts: 6, replies: 2, reposts: 3, relevantOriginalPosts: 1, daysSinceLastAuthored: 20.25), true },
        { Found(originalPosts: 7, replies: 1, reposts: 9, relevantOriginalPosts: 3, windowDays: 7), true },
        { Found(reposts: 12, status: AccountStatus.NotFound), true },
        { null, false },
        { null, true },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void SameInputGivesTheSameResult(Evidence? evidence, bool handleKnown)
    {
        var first = Score(evidence, handleKnown);
        var second = Score(evidence, handleKnown);

        AssertSameResult(first, second);
    }

    [Fact]
    public void ScoringYearsLaterGivesTheSameResultForTheSameObservation()
    {
        var then = Found(originalPosts: 6, replies: 5, reposts: 1, relevantOriginalPosts: 2, daysSinceLastAuthored: 12.5,
            bioMatches: true, observedAt: new DateTimeOffset(2013, 4, 15, 8, 0, 0, TimeSpan.Zero));
        var now = then with
        {
            ObservedAt = ObservedAt,
            LastAuthoredPostAt = ObservedAt - (then.ObservedAt - then.LastAuthoredPostAt!.Value),
        };

        AssertSameResult(Score(then), Score(now));
    }

    private static void AssertSameResult(ScoringResult expected, ScoringResult actual)
    {
        Assert.Equal(expected.Tier, actual.Tier);
        Assert.Equal(expected.ActiveProfessionalPresence, actual.ActiveProfessionalPresence);
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal(expected.Band, actual.Band);
        Assert.Equal(expected.PolicyVersion, actual.PolicyVersion);
        Assert.Equal(expected.ReasonCodes, actual.ReasonCodes);
        Assert.Equal(expected.Factors.Count, actual.Factors.Count);
        for (var i = 0; i < expected.Factors.Count; i++)
        {
            Assert.Equal(expected.Factors[i], actual.Factors[i]);
        }
    }
}
