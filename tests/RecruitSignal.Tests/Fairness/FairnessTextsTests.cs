using RecruitSignal.Fairness;

namespace RecruitSignal.Tests.Fairness;

/// <summary>Every group reads as people in a sentence, in both languages: "men", never "candidates men".</summary>
public sealed class FairnessTextsTests
{
    private static readonly FairnessTexts En = FairnessTexts.Of("en");
    private static readonly FairnessTexts Fr = FairnessTexts.Of("fr");

    [Theory]
    [InlineData("male", "female", "In this period, men were found to have an active presence at 0.62 times the rate of women.")]
    [InlineData("40_and_over", "under_40", "In this period, candidates 40 and over were found to have an active presence at 0.62 times the rate of candidates under 40.")]
    [InlineData("hispanic_or_latino", "white", "In this period, Hispanic or Latino candidates were found to have an active presence at 0.62 times the rate of White candidates.")]
    [InlineData("female / black_or_african_american", "male / two_or_more_races", "In this period, Black or African American women were found to have an active presence at 0.62 times the rate of men of two or more races.")]
    public void EnglishSentencesNameGroupsAsPeople(string category, string highest, string expected) =>
        Assert.Equal(expected, En.Sentence(false, category, "0.62", highest));

    [Theory]
    [InlineData("male", "female", "Sur cette période, une présence active a été constatée chez les hommes 0,62 fois aussi souvent que chez les femmes.")]
    [InlineData("female / white", "male / white", "Sur cette période, une présence active a été constatée chez les femmes blanches 0,62 fois aussi souvent que chez les hommes blancs.")]
    [InlineData("female / american_indian_or_alaska_native", "asian", "Sur cette période, une présence active a été constatée chez les femmes amérindiennes ou natives d'Alaska 0,62 fois aussi souvent que chez les candidats asiatiques.")]
    public void FrenchSentencesAgreeWithTheGroup(string category, string highest, string expected) =>
        Assert.Equal(expected, Fr.Sentence(false, category, "0,62", highest));

    [Fact]
    public void ScoreSentencesExcludableNoticesAndLabelsReadNaturally()
    {
        Assert.Equal("In this period, women scored above the median at 0.75 times the rate of men.", En.Sentence(true, "female", "0.75", "male"));
        Assert.Equal("Sur cette période, les femmes ont obtenu un score au-dessus de la médiane 0,75 fois aussi souvent que les hommes.", Fr.Sentence(true, "female", "0,75", "male"));
        Assert.Equal("Asian men are under 2 % of the sample: an auditor may leave them out of the ratios.", En.Excludable("male / asian"));
        Assert.Equal("Les hommes asiatiques font moins de 2 % de l'échantillon : un auditeur peut les laisser hors des ratios.", Fr.Excludable("male / asian"));
        Assert.Equal(["Women", "Candidates under 40", "White women"], new[] { "female", "under_40", "female / white" }.Select(En.Name));
        Assert.Equal(["Femmes", "Candidats de 40 ans et plus", "Femmes blanches"], new[] { "female", "40_and_over", "female / white" }.Select(Fr.Name));
    }
}
