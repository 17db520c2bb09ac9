using RecruitSignal.Scoring;
using static RecruitSignal.Tests.Scoring.EvidenceBuilder;

namespace RecruitSignal.Tests.Scoring;

/// <summary>Design section 6: each factor's points at its edges. Points are shown to 2 decimals.</summary>
public class FactorTests
{
    private const double ShownPrecision = 0.0051;

    [Fact]
    public void AFoundAccountIsExplainedByTheSevenFactorsWithTheirWeights()
    {
        var result = Score(Active());

        Assert.Equal(
            [("presence", 10.0), ("recency", 25.0), ("cadence", 20.0), ("conversation", 15.0), ("authorship", 10.0), ("relevance", 20.0), ("followers", 0.0)],
            result.Factors.Select(f => (f.Factor, f.Weight)));
        Assert.All(result.Factors, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Detail));
            Assert.InRange(f.Points, 0, f.Weight);
        });
    }

    [Fact]
    public void AbsentAccountIsExplainedByTheSameFactorsWithNoPoints()
    {
        var result = Score(null, handleKnown: false);

        Assert.Equal(
            ["presence", "recency", "cadence", "conversation", "authorship", "relevance", "followers"],
            result.Factors.Select(f => f.Factor));
        Assert.All(result.Factors, f =>
        {
            Assert.Equal(0, f.Points);
            Assert.False(string.IsNullOrWhiteSpace(f.Detail));
        });
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(6, 3, 1)]
    public void PresenceEarnsItsTenPointsWhenTheAccountIsFound(int originalPosts, int replies, int reposts)
    {
        Assert.Equal(10, Score(Found(originalPosts, replies, reposts)).Factor("presence").Points);
    }

    [Theory]
    [InlineData(0, 90)]
    [InlineData(3, 90)]
    [InlineData(7, 90)]
    [InlineData(3, 7)]
    [InlineData(7, 7)]
    [InlineData(7, 365)]
    public void RecencyIsFullWithinSevenDays(double days, int windowDays)
    {
        var result = Score(Found(originalPosts: 6, daysSinceLastAuthored: days, windowDays: windowDays));

        Assert.Equal(25, result.Factor("recency").Points, ShownPrecision);
    }

    [Theory]
    [InlineData(90, 90)]
    [InlineData(120, 90)]
    [InlineData(8, 7)] // a 7-day window ends where full points stop
    [InlineData(30, 7)]
    [InlineData(365, 365)]
    public void RecencyIsZeroAtTheWindowEndAndBeyond(double days, int windowDays)
    {
        var result = Score(Found(originalPosts: 6, daysSinceLastAuthored: days, windowDays: windowDays));

        Assert.Equal(0, result.Factor("recency").Points, ShownPrecision);
    }

    [Theory]
    [InlineData(48.5, 90)] // midpoint of 7..90
    [InlineData(8, 90)]
    [InlineData(30, 90)]
    [InlineData(89, 90)]
    [InlineData(18.5, 30)] // midpoint of 7..30
    [InlineData(100, 365)]
    public void RecencyFallsLinearlyFromSevenDaysToTheWindowEnd(double days, int windowDays)
    {
        var expected = 25 * (windowDays - days) / (windowDays - 7);

        var result = Score(Found(originalPosts: 6, daysSinceLastAuthored: days, windowDays: windowDays));

        Assert.Equal(expected, result.Factor("recency").Points, ShownPrecision);
    }

    [Fact]
    public void RecencyAtTheMidpointIsHalfTheWeight()
    {
        var result = Score(Found(originalPosts: 6, daysSinceLastAuthored: (7 + 90) / 2.0, windowDays: 90));

        Assert.Equal(12.5, result.Factor("recency").Points, ShownPrecision);
    }

    [Fact]
    public void RecencyIsZeroWhenTheLastAuthoredDateIsUnknown()
    {
        var result = Score(Active() with { LastAuthoredPostAt = null });

        Assert.Equal(0, result.Factor("recency").Points);
        Assert.False(string.IsNullOrWhiteSpace(result.Factor("recency").Detail));
    }

    [Theory]
    [InlineData(12, 0, 90)] // 4 per 30 days: half
    [InlineData(3, 3, 90)]
    [InlineData(1, 0, 30)]
    [InlineData(4, 3, 30)]
    [InlineData(1, 0, 7)]
    [InlineData(20, 3, 90)]
    [InlineData(50, 0, 365)]
    public void CadenceGrowsWithAuthoredPostsPerThirtyDays(int originalPosts, int replies, int windowDays)
    {
        var ratePer30Days = (originalPosts + replies) * 30.0 / windowDays;
        Assert.True(ratePer30Days < 8);

        var result = Score(Found(originalPosts, replies, windowDays: windowDays));

        Assert.Equal(ratePer30Days / 8 * 20, result.Factor("cadence").Points, ShownPrecision);
    }

    [Theory]
    [InlineData(24, 0, 90)] // exactly 8 per 30 days
    [InlineData(100, 50, 90)]
    [InlineData(8, 0, 30)]
    [InlineData(2, 0, 7)]
    [InlineData(1_000_000, 1_000_000, 365)]
    public void CadenceIsCappedAtEightAuthoredPostsPerThirtyDays(int originalPosts, int replies, int windowDays)
    {
        Assert.True((originalPosts + replies) * 30.0 / windowDays >= 8);

        var result = Score(Found(originalPosts, replies, windowDays: windowDays));

        Assert.Equal(20, result.Factor("cadence").Points, ShownPrecision);
    }

    [Fact]
    public void RepostsDoNotCountTowardsCadence()
    {
        Assert.Equal(0, Score(Found(reposts: 500)).Factor("cadence").Points);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(40)]
    public void ConversationEarnsUpToFifteenPointsAtTenReplies(int replies)
    {
        var expected = Math.Min(replies / 10.0, 1) * 15;

        var result = Score(Found(originalPosts: 3, replies: replies));

        Assert.Equal(expected, result.Factor("conversation").Points, ShownPrecision);
    }

    [Theory]
    [InlineData(6, 0, 4)]
    [InlineData(10, 5, 0)]
    [InlineData(1, 0, 2)]
    [InlineData(0, 0, 7)]
    [InlineData(7, 1, 9)]
    public void AuthorshipIsTheShareOfOwnPostsInTheActivity(int originalPosts, int replies, int reposts)
    {
        var authored = originalPosts + replies;
        var expected = authored * 10.0 / (authored + reposts);

        var result = Score(Found(originalPosts, replies, reposts));

        Assert.Equal(expected, result.Factor("authorship").Points, ShownPrecision);
    }

    [Fact]
    public void AuthorshipIsZeroWithoutAnyActivity()
    {
        var authorship = Score(Found()).Factor("authorship");

        Assert.Equal(0, authorship.Points);
        Assert.False(string.IsNullOrWhiteSpace(authorship.Detail));
    }

    [Theory]
    [InlineData(true, 0, 0, 8)]
    [InlineData(false, 0, 0, 0)]
    [InlineData(true, 10, 0, 8)]
    [InlineData(false, 10, 0, 0)]
    [InlineData(false, 10, 2, 4.8)] // 20% of posts, full at 50%: 0.4 * 12
    [InlineData(false, 10, 5, 12)]
    [InlineData(true, 10, 5, 20)]
    [InlineData(true, 10, 10, 20)]
    [InlineData(false, 7, 3, 72.0 / 7)] // 3/7 / 0.5 * 12
    [InlineData(true, 1, 1, 20)]
    public void RelevanceGivesEightForTheBioAndTwelveForRelevantPosts(bool bio, int originalPosts, int relevant, double expected)
    {
        var result = Score(Found(originalPosts, replies: 0, relevantOriginalPosts: relevant, bioMatches: bio));

        Assert.Equal(expected, result.Factor("relevance").Points, ShownPrecision);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(10, 8, 2)]
    [InlineData(1_000_000, 1_000_000, 1_000_000)]
    public void FollowersAreRecordedButNeverScored(int originalPosts, int replies, int reposts)
    {
        var followers = Score(Found(originalPosts, replies, reposts, daysSinceLastAuthored: 1, bioMatches: true)).Factor("followers");

        Assert.Equal(0, followers.Weight);
        Assert.Equal(0, followers.Points);
        Assert.False(string.IsNullOrWhiteSpace(followers.Detail));
    }

    [Fact]
    public void PointsAreShownToTwoDecimals()
    {
        var result = Score(Found(originalPosts: 7, replies: 1, reposts: 9, relevantOriginalPosts: 3, daysSinceLastAuthored: 10, windowDays: 7));

        Assert.All(result.Factors, f => Assert.Equal(Math.Round(f.Points, 2), f.Points));
    }
}
