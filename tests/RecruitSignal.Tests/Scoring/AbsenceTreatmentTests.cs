using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Scoring;

public class AbsenceTreatmentTests
{
    private static readonly ScoringPolicy NotApplicable = ScoringPolicy.Default with { Version = "no-penalty@1", Absence = AbsenceTreatment.NotApplicable };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NotApplicableLeavesAMissingAccountUnscored(bool handleKnown)
    {
        var evidence = handleKnown ? EvidenceBuilder.Found(status: AccountStatus.NotFound) : null;

        var result = ScoringEngine.Score(new ScoringInput(handleKnown, evidence, HasRelevanceTerms: true), NotApplicable);

        Assert.Equal(PresenceTier.Absent, result.Tier);
        Assert.Null(result.Score);
        Assert.Equal(Band.Unknown, result.Band);
        Assert.Empty(result.Factors);
        Assert.Equal(ReasonCodes.AbsenceNotScored, result.ReasonCodes[^1]);
        Assert.Equal("no-penalty@1", result.PolicyVersion);
    }

    [Fact]
    public void NotApplicableChangesNothingForAFoundAccount()
    {
        var evidence = EvidenceBuilder.Found(originalPosts: 10, replies: 6, relevantOriginalPosts: 3, daysSinceLastAuthored: 2, bioMatches: true);

        var withDefault = ScoringEngine.Score(new ScoringInput(true, evidence, true), ScoringPolicy.Default);
        var withNotApplicable = ScoringEngine.Score(new ScoringInput(true, evidence, true), NotApplicable);

        Assert.Equal((withDefault.Tier, withDefault.Score, withDefault.Band), (withNotApplicable.Tier, withNotApplicable.Score, withNotApplicable.Band));
        Assert.Equal(withDefault.Factors, withNotApplicable.Factors);
    }
}
