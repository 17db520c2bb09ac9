using RecruitSignal.Scoring;
using static RecruitSignal.Tests.Scoring.EvidenceBuilder;

namespace RecruitSignal.Tests.Scoring;

/// <summary>Design section 5: activeProfessionalPresence needs the tier, a recent authored post and relevance.</summary>
public class ActivePresenceTests
{
    [Fact]
    public void EngagedRecentAndRelevantIsAnActivePresence()
    {
        var result = Score(Active());

        Assert.True(result.ActiveProfessionalPresence);
        Assert.Contains("AUTHORED_POST_IN_30_DAYS", result.ReasonCodes);
        Assert.Contains("BIO_MATCHES_TERMS", result.ReasonCodes);
        Assert.Contains("POSTS_MATCH_TERMS", result.ReasonCodes);
    }

    [Fact]
    public void PublisherRecentAndRelevantIsAnActivePresence()
    {
        var result = Score(Active() with { Replies = 0 });

        Assert.Equal(PresenceTier.Publisher, result.Tier);
        Assert.True(result.ActiveProfessionalPresence);
    }

    [Theory]
    [InlineData(5, 0, 0, PresenceTier.Passive)]
    [InlineData(0, 0, 0, PresenceTier.Passive)]
    [InlineData(6, 2, 12, PresenceTier.Relayer)]
    public void TierBelowPublisherIsNotAnActivePresence(int originalPosts, int replies, int reposts, PresenceTier tier)
    {
        var evidence = Active() with { OriginalPosts = originalPosts, Replies = replies, Reposts = reposts, RelevantOriginalPosts = Math.Min(originalPosts, 1) };

        var result = Score(evidence);

        Assert.Equal(tier, result.Tier);
        Assert.False(result.ActiveProfessionalPresence);
    }

    [Fact]
    public void UnverifiedOrAbsentIsNeverAnActivePresence()
    {
        Assert.False(Score(Active() with { Status = AccountStatus.Protected }).ActiveProfessionalPresence);
        Assert.False(Score(Active() with { Status = AccountStatus.NotFound }).ActiveProfessionalPresence);
    }

    [Fact]
    public void LastAuthoredPostExactlyThirtyDaysAgoIsStillActive()
    {
        var result = Score(Found(originalPosts: 10, replies: 8, relevantOriginalPosts: 2, daysSinceLastAuthored: 30, bioMatches: true));

        Assert.True(result.ActiveProfessionalPresence);
        Assert.Contains("AUTHORED_POST_IN_30_DAYS", result.ReasonCodes);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(30.0001)] // a few seconds past the limit
    [InlineData(89)]
    public void LastAuthoredPostMoreThanThirtyDaysAgoIsNotActive(double days)
    {
        var result = Score(Found(originalPosts: 10, replies: 8, relevantOriginalPosts: 2, daysSinceLastAuthored: days, bioMatches: true));

        Assert.False(result.ActiveProfessionalPresence);
        Assert.Contains("NO_AUTHORED_POST_IN_30_DAYS", result.ReasonCodes);
        Assert.DoesNotContain("AUTHORED_POST_IN_30_DAYS", result.ReasonCodes);
    }

    [Fact]
    public void UnknownLastAuthoredPostIsNotActiveAndSaysSo()
    {
        var result = Score(Active() with { LastAuthoredPostAt = null });

        Assert.Equal(PresenceTier.Engaged, result.Tier);
        Assert.False(result.ActiveProfessionalPresence);
        Assert.Contains("LAST_AUTHORED_POST_UNKNOWN", result.ReasonCodes);
        Assert.DoesNotContain("AUTHORED_POST_IN_30_DAYS", result.ReasonCodes);
        Assert.DoesNotContain("NO_AUTHORED_POST_IN_30_DAYS", result.ReasonCodes);
    }

    [Fact]
    public void LastAuthoredPostWithinClockSkewAfterObservationCountsAsRecent()
    {
        var evidence = Active() with { LastAuthoredPostAt = ObservedAt.AddMinutes(3) };

        var result = Score(evidence);

        Assert.True(result.ActiveProfessionalPresence);
        Assert.Equal(25, result.Factor("recency").Points, 0.001);
    }

    [Fact]
    public void NeitherBioNorPostsRelevantIsNotActive()
    {
        var result = Score(Active() with { BioMatchesTerms = false, RelevantOriginalPosts = 0 });

        Assert.False(result.ActiveProfessionalPresence);
        Assert.Contains("NO_PROFESSIONAL_RELEVANCE", result.ReasonCodes);
        Assert.DoesNotContain("BIO_MATCHES_TERMS", result.ReasonCodes);
        Assert.DoesNotContain("POSTS_MATCH_TERMS", result.ReasonCodes);
    }

    [Fact]
    public void WithoutAnyRelevanceTermTheReasonSaysThereWereNone()
    {
        var result = Score(Active() with { BioMatchesTerms = false, RelevantOriginalPosts = 0 }, hasRelevanceTerms: false);

        Assert.False(result.ActiveProfessionalPresence);
        Assert.Contains("NO_RELEVANCE_TERMS", result.ReasonCodes);
        Assert.DoesNotContain("NO_PROFESSIONAL_RELEVANCE", result.ReasonCodes);
    }

    [Fact]
    public void BioMatchAloneMakesThePresenceProfessional()
    {
        var result = Score(Active() with { BioMatchesTerms = true, RelevantOriginalPosts = 0 });

        Assert.True(result.ActiveProfessionalPresence);
        Assert.Contains("BIO_MATCHES_TERMS", result.ReasonCodes);
        Assert.DoesNotContain("POSTS_MATCH_TERMS", result.ReasonCodes);
    }

    [Fact]
    public void OneRelevantOriginalPostAloneMakesThePresenceProfessional()
    {
        var result = Score(Active() with { BioMatchesTerms = false, RelevantOriginalPosts = 1 });

        Assert.True(result.ActiveProfessionalPresence);
        Assert.Contains("POSTS_MATCH_TERMS", result.ReasonCodes);
        Assert.DoesNotContain("BIO_MATCHES_TERMS", result.ReasonCodes);
    }
}
