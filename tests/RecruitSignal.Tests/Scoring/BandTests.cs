using RecruitSignal.Scoring;
using static RecruitSignal.Tests.Scoring.EvidenceBuilder;

namespace RecruitSignal.Tests.Scoring;

/// <summary>Design section 6: strong >= 70, moderate >= 40, weak >= 1, none = 0.</summary>
public class BandTests
{
    [Theory]
    [InlineData(100, Band.Strong)]
    [InlineData(70, Band.Strong)]
    [InlineData(69, Band.Moderate)]
    [InlineData(40, Band.Moderate)]
    [InlineData(39, Band.Weak)]
    [InlineData(1, Band.Weak)]
    [InlineData(0, Band.None)]
    public void ScoreFallsInTheBandOfItsThreshold(int score, Band expected)
    {
        Assert.Equal(expected, ScoringEngine.BandOf(score, ScoringPolicy.Default.Bands));
    }

    [Fact]
    public void ScoredResultCarriesTheBandOfItsScore()
    {
        foreach (var evidence in new[] { Active(), Found(), Found(originalPosts: 6, daysSinceLastAuthored: 40) })
        {
            var result = Score(evidence);

            Assert.Equal(ScoringEngine.BandOf(result.Score!.Value, ScoringPolicy.Default.Bands), result.Band);
        }
    }

    [Fact]
    public void AbsentIsBandNoneAndUnverifiedIsBandUnknown()
    {
        Assert.Equal(Band.None, Score(null, handleKnown: false).Band);
        Assert.Equal(Band.Unknown, Score(null, handleKnown: true).Band);
    }
}
