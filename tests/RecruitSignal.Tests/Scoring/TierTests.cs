using RecruitSignal.Scoring;
using static RecruitSignal.Tests.Scoring.EvidenceBuilder;

namespace RecruitSignal.Tests.Scoring;

/// <summary>Design section 5, rules 1 to 7, in order.</summary>
public class TierTests
{
    [Fact]
    public void NoHandleAndNoEvidenceIsAbsentWithScoreZero()
    {
        var result = Score(null, handleKnown: false);

        Assert.Equal(PresenceTier.Absent, result.Tier);
        Assert.Equal(0, result.Score);
        Assert.Equal(Band.None, result.Band);
        Assert.False(result.ActiveProfessionalPresence);
        Assert.Contains("NO_ACCOUNT", result.ReasonCodes);
        Assert.Contains("NO_HANDLE", result.ReasonCodes);
        Assert.All(result.Factors, f => Assert.Equal(0, f.Points));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AccountNotFoundIsAbsentWhateverTheCounts(bool handleKnown)
    {
        var evidence = Found(originalPosts: 20, replies: 10, relevantOriginalPosts: 5, daysSinceLastAuthored: 1,
            bioMatches: true, status: AccountStatus.NotFound);

        var result = Score(evidence, handleKnown);

        Assert.Equal(PresenceTier.Absent, result.Tier);
        Assert.Equal(0, result.Score);
        Assert.Equal(Band.None, result.Band);
        Assert.False(result.ActiveProfessionalPresence);
        Assert.Contains("NO_ACCOUNT", result.ReasonCodes);
        Assert.Contains("ACCOUNT_NOT_FOUND", result.ReasonCodes);
    }

    [Fact]
    public void HandleWithoutEvidenceIsUnverifiedWithoutScore()
    {
        var result = Score(null, handleKnown: true);

        Assert.Equal(PresenceTier.Unverified, result.Tier);
        Assert.Null(result.Score);
        Assert.Equal(Band.Unknown, result.Band);
        Assert.False(result.ActiveProfessionalPresence);
        Assert.Contains("NO_EVIDENCE", result.ReasonCodes);
        Assert.DoesNotContain("NO_ACCOUNT", result.ReasonCodes);
    }

    [Theory]
    [InlineData(AccountStatus.Suspended, "ACCOUNT_SUSPENDED")]
    [InlineData(AccountStatus.Protected, "ACCOUNT_PROTECTED")]
    public void SuspendedOrProtectedAccountIsUnverifiedWhateverTheCounts(AccountStatus status, string reason)
    {
        var evidence = Found(originalPosts: 20, replies: 10, relevantOriginalPosts: 5, daysSinceLastAuthored: 1,
            bioMatches: true, status: status);

        var result = Score(evidence);

        Assert.Equal(PresenceTier.Unverified, result.Tier);
        Assert.Null(result.Score);
        Assert.Equal(Band.Unknown, result.Band);
        Assert.False(result.ActiveProfessionalPresence);
        Assert.Contains(reason, result.ReasonCodes);
    }

    [Fact]
    public void EvidenceOfAFoundAccountIsScoredEvenWithoutAHandle()
    {
        var result = Score(Active(), handleKnown: false);

        Assert.Equal(PresenceTier.Engaged, result.Tier);
        Assert.NotNull(result.Score);
        Assert.Contains("ACCOUNT_FOUND", result.ReasonCodes);
    }

    [Fact]
    public void FoundAccountWithNoActivityIsPassive()
    {
        var result = Score(Found(bioMatches: true));

        Assert.Equal(PresenceTier.Passive, result.Tier);
        Assert.Contains("ACCOUNT_FOUND", result.ReasonCodes);
        Assert.Contains("NO_ACTIVITY_IN_WINDOW", result.ReasonCodes);
        Assert.False(result.ActiveProfessionalPresence);
    }

    [Theory]
    [InlineData(0, 2, 3)]
    [InlineData(2, 2, 6)]
    [InlineData(3, 5, 12)] // would be engaged without the repost rule
    [InlineData(4, 6, 15)]
    [InlineData(200, 200, 600)]
    [InlineData(7, 7, 21)]
    public void RepostsAtSixtyPercentMakeARelayer(int originalPosts, int replies, int reposts)
    {
        var total = originalPosts + replies + reposts;
        Assert.Equal(3 * total, 5 * reposts); // exactly 60%, checked in integers

        var result = Score(Found(originalPosts, replies, reposts, daysSinceLastAuthored: 1, bioMatches: true));

        Assert.Equal(PresenceTier.Relayer, result.Tier);
        Assert.Contains("MOSTLY_REPOSTS", result.ReasonCodes);
        Assert.False(result.ActiveProfessionalPresence);
    }

    [Theory]
    [InlineData(3, 5, 11)]
    [InlineData(4, 5, 13)]
    [InlineData(200, 201, 600)]
    public void RepostsJustUnderSixtyPercentDoNotMakeARelayer(int originalPosts, int replies, int reposts)
    {
        var total = originalPosts + replies + reposts;
        Assert.True(5 * reposts < 3 * total);

        var result = Score(Found(originalPosts, replies, reposts));

        Assert.Equal(PresenceTier.Engaged, result.Tier);
        Assert.DoesNotContain("MOSTLY_REPOSTS", result.ReasonCodes);
    }

    [Theory]
    [InlineData(5, 0, 0)]
    [InlineData(3, 2, 0)]
    [InlineData(0, 5, 3)]
    [InlineData(1, 1, 0)]
    public void FewerThanSixAuthoredPostsIsPassive(int originalPosts, int replies, int reposts)
    {
        var result = Score(Found(originalPosts, replies, reposts, relevantOriginalPosts: Math.Min(originalPosts, 1),
            daysSinceLastAuthored: 1, bioMatches: true));

        Assert.Equal(PresenceTier.Passive, result.Tier);
        Assert.Contains("FEW_AUTHORED_POSTS", result.ReasonCodes);
        Assert.False(result.ActiveProfessionalPresence);
    }

    [Theory]
    [InlineData(6, 0, 0)]
    [InlineData(3, 3, 0)]
    [InlineData(1, 5, 0)]
    [InlineData(6, 0, 8)]
    public void SixAuthoredPostsWithoutEnoughRepliesIsPublisher(int originalPosts, int replies, int reposts)
    {
        var result = Score(Found(originalPosts, replies, reposts));

        Assert.Equal(PresenceTier.Publisher, result.Tier);
        Assert.Contains("PUBLISHES_OWN_POSTS", result.ReasonCodes);
    }

    [Fact]
    public void SixAuthoredPostsWithThreeOriginalsAndFiveRepliesIsEngaged()
    {
        var result = Score(Found(originalPosts: 3, replies: 5));

        Assert.Equal(PresenceTier.Engaged, result.Tier);
        Assert.Contains("HOLDS_CONVERSATIONS", result.ReasonCodes);
    }

    [Theory]
    [InlineData(2, 5)] // one original post short
    [InlineData(3, 4)] // one reply short
    [InlineData(2, 40)]
    [InlineData(40, 4)]
    public void JustBelowEitherEngagedThresholdIsPublisher(int originalPosts, int replies)
    {
        var result = Score(Found(originalPosts, replies));

        Assert.Equal(PresenceTier.Publisher, result.Tier);
        Assert.Contains("PUBLISHES_OWN_POSTS", result.ReasonCodes);
    }

    [Fact]
    public void EveryResultNamesTheDefaultPolicyVersion()
    {
        Assert.Equal("default@1", Score(null, handleKnown: false).PolicyVersion);
        Assert.Equal("default@1", Score(null).PolicyVersion);
        Assert.Equal("default@1", Score(Active()).PolicyVersion);
    }
}
