using RecruitSignal.Assessments;
using RecruitSignal.Reports;

namespace RecruitSignal.Tests.Reports;

/// <summary>Where the report says the evidence came from: the service's own read of a network is never "declared by the ATS".</summary>
public sealed class ReportSourceTests
{
    [Theory]
    [InlineData("en", EvidenceSource.Declared, "declared by the ATS")]
    [InlineData("en", EvidenceSource.XApi, "read from X's API")]
    [InlineData("en", EvidenceSource.NetworkApi, "read from the network's public API")]
    [InlineData("fr", EvidenceSource.Declared, "déclaré par l'ATS")]
    [InlineData("fr", EvidenceSource.XApi, "lu par l'API de X")]
    [InlineData("fr", EvidenceSource.NetworkApi, "lu par l'API publique du réseau")]
    public void EachSourceHasItsOwnWords(string language, EvidenceSource source, string expected) =>
        Assert.Equal(expected, ReportTexts.Of(language).Source(source));
}
