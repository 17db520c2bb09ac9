namespace RecruitSignal.Scoring;

public enum PresenceTier { Absent, Unverified, Passive, Relayer, Publisher, Engaged }

public enum Band { Unknown, None, Weak, Moderate, Strong }

/// <summary>One line of the explanation: how many of the factor's weight the evidence earned, and why.</summary>
public sealed record FactorResult(string Factor, double Weight, double Points, string Detail);

public sealed record ScoringResult(
    PresenceTier Tier,
    bool ActiveProfessionalPresence,
    int? Score,
    Band Band,
    IReadOnlyList<FactorResult> Factors,
    IReadOnlyList<string> ReasonCodes,
    string PolicyVersion);
