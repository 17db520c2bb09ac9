namespace RecruitSignal.Demographics;

/// <summary>
/// The categories a candidate may self-identify in, as the ATS collected them (Greenhouse's EEOC answers, for one).
/// The database holds the same lists as checks (db/migrations/0080_demographics.sql).
/// </summary>
public static class DemographicCategories
{
    public const string Declined = "declined";

    public static IReadOnlyList<string> Sex { get; } = ["female", "male", Declined];

    /// <summary>The EEO-1 race/ethnicity categories.</summary>
    public static IReadOnlyList<string> RaceEthnicity { get; } =
    [
        "hispanic_or_latino", "white", "black_or_african_american", "native_hawaiian_or_other_pacific_islander", "asian",
        "american_indian_or_alaska_native", "two_or_more_races", Declined,
    ];

    public const string Under40 = "under_40";
    public const string FortyAndOver = "40_and_over";

    /// <summary>The two bands of age discrimination law (the US ADEA protects 40 and over), or a finer band inside one of them.</summary>
    public static IReadOnlyList<string> AgeBand { get; } = [Under40, FortyAndOver, "under_25", "25_to_39", "40_to_49", "50_to_59", "60_and_over", Declined];
}
