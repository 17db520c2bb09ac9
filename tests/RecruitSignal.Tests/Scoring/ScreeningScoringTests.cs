using RecruitSignal.Scoring;
using RecruitSignal.Screenings;

namespace RecruitSignal.Tests.Scoring;

/// <summary>A validated request turned into evidence and a result, without a host or database.</summary>
public class ScreeningScoringTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);

    private static DeclaredEvidence Declared(string? bio = null, int relevant = 0, int? windowDays = null, DateTimeOffset? observedAt = null) =>
        new(Source: "declared", Status: "found", ObservedAt: observedAt, WindowDays: windowDays,
            OriginalPosts: 10, Replies: 6, Reposts: 1, LastAuthoredPostAt: Now.AddDays(-3), Followers: 12_000,
            AccountCreatedAt: null, Bio: bio, RelevantOriginalPosts: relevant);

    private static Screening From(DeclaredEvidence? evidence, IReadOnlyList<string>? keywords = null, string? twitter = "@Camille_M",
        string? title = "Platform Engineer", string? headline = null) =>
        Screening.From(
            new ScreeningRequest(
                new CandidateProfile("ats-42", "Camille Martin", "camille@example.com", headline, twitter),
                new JobProfile("job-7", title, keywords),
                evidence),
            ScoringPolicy.Default,
            Now);

    [Fact]
    public void BioIsReducedToTheTermsItMatches()
    {
        var screening = From(Declared(bio: "Développeuse Kubernetes & Java, maman, cycliste"), keywords: ["java", "kubernetes", "python"]);

        Assert.Equal(["java", "kubernetes"], screening.BioMatchedTerms.Order(StringComparer.Ordinal));
        Assert.True(screening.Evidence!.BioMatchesTerms);
        Assert.Contains("BIO_MATCHES_TERMS", screening.Result.ReasonCodes);
        Assert.True(screening.Result.ActiveProfessionalPresence);
    }

    [Fact]
    public void BioWithoutATermLeavesThePresenceUnprofessional()
    {
        var screening = From(Declared(bio: "Cyclist, cat lover, JavaScript fan"), keywords: ["java"]);

        Assert.Empty(screening.BioMatchedTerms);
        Assert.False(screening.Evidence!.BioMatchesTerms);
        Assert.False(screening.Result.ActiveProfessionalPresence);
        Assert.Contains("NO_PROFESSIONAL_RELEVANCE", screening.Result.ReasonCodes);
    }

    [Fact]
    public void TitleWordsAreTermsWhenTheJobHasNoKeywords()
    {
        var screening = From(Declared(bio: "Je fais du platform engineering chez Acme"), title: "Platform Engineer");

        Assert.Equal(["platform"], screening.BioMatchedTerms);
        Assert.True(screening.Result.ActiveProfessionalPresence);
    }

    [Fact]
    public void NoTermsAtAllIsSaidInTheReasons()
    {
        var screening = From(Declared(bio: "Platform engineer"), title: null, headline: null);

        Assert.Empty(screening.Terms.Terms);
        Assert.Contains("NO_RELEVANCE_TERMS", screening.Result.ReasonCodes);
    }

    [Fact]
    public void HandleKeepsItsDisplayCaseWithoutTheAt()
    {
        Assert.Equal("Camille_M", From(Declared()).Handle!.Value);
    }

    [Fact]
    public void MissingWindowAndObservationTimeDefaultToNinetyDaysAndNow()
    {
        var screening = From(Declared());

        Assert.Equal(90, screening.Evidence!.WindowDays);
        Assert.Equal(Now, screening.Evidence.ObservedAt);
        Assert.Equal(Now, screening.AssessedAt);
    }

    [Fact]
    public void DeclaredObservationTimeIsKept()
    {
        var observed = Now.AddHours(-5);

        var screening = From(Declared(windowDays: 30, observedAt: observed));

        Assert.Equal(30, screening.Evidence!.WindowDays);
        Assert.Equal(observed, screening.Evidence.ObservedAt);
    }

    [Fact]
    public void NoHandleAndNoEvidenceIsAbsent()
    {
        var screening = From(null, twitter: null);

        Assert.Null(screening.Handle);
        Assert.Equal(PresenceTier.Absent, screening.Result.Tier);
        Assert.Equal(0, screening.Result.Score);
    }

    [Fact]
    public void HandleWithoutEvidenceIsUnverified()
    {
        var screening = From(null);

        Assert.Equal(PresenceTier.Unverified, screening.Result.Tier);
        Assert.Null(screening.Result.Score);
    }
}
