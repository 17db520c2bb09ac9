namespace RecruitSignal.Fairness;

/// <summary>Impact ratios of one tenant's assessments in a period, the way NYC Local Law 144 defines them.</summary>
/// <param name="Jurisdiction">The tenant's profile, which decides the families reported.</param>
/// <param name="Sample">Who was counted.</param>
/// <param name="Method">How every figure was computed, in sentences (the tie rule among them).</param>
/// <param name="Families">One entry per category family: <c>sex</c>, <c>raceEthnicity</c> and <c>sexRaceEthnicity</c> (us-nyc only), <c>ageBand</c>.</param>
public sealed record ImpactRatioReport(
    DateOnly From, DateOnly To, string PolicyVersion, string Jurisdiction, FairnessSample Sample, IReadOnlyList<string> Method,
    IReadOnlyList<CategoryFamily> Families)
{
    public static IReadOnlyList<string> MethodSentences { get; } =
    [
        "Sample: each candidate's latest assessment with the policy version whose assessment time falls in the period (both dates included, UTC); candidates whose latest assessment has no score are left out and counted as unscored.",
        "Median: the median score of the whole sample, candidates whose category is unknown or declined included (the mean of the two middle scores when the sample is even).",
        "Scoring rate (score): the share of a category's candidates whose score is strictly above the sample median; a score equal to the median does not count.",
        "Scoring rate (activeProfessionalPresence): the share of a category's candidates whose assessment says true.",
        "Impact ratio: a category's rate divided by the highest rate among the family's categories, unknown and declined left out; categories under 2 % of the sample are flagged excludable and do not set the highest rate unless every category is excludable.",
        "Flag: an impact ratio under 0.8 (the four-fifths rule). Rates and ratios are rounded to 4 decimals; flags are decided before rounding.",
        "Intersection (us-nyc): sex and race/ethnicity together; declined when either is declined, unknown when either is missing.",
        "Age band: finer bands count in under_40 or 40_and_over.",
    ];

    internal static ImpactRatioReport Of(
        FairnessQuery query, string jurisdiction, long candidates, long unscored, double? median, IReadOnlyList<string> families, IReadOnlyList<CategoryRow> rows) =>
        new(query.From, query.To, query.PolicyVersion, jurisdiction, new FairnessSample(candidates, unscored, median), MethodSentences,
            families.Select(family =>
            {
                var own = rows.Where(r => r.Family == family).ToList();
                return new CategoryFamily(
                    family,
                    own.Where(r => r.Known).Select(CategoryFigures.Of).ToList(),
                    own.Where(r => r.Category == "unknown").Sum(r => r.Count),
                    own.Where(r => r.Category == "declined").Sum(r => r.Count));
            }).ToList());
}

/// <param name="Candidates">Candidates counted: each one's latest assessment in the period, with a score.</param>
/// <param name="Unscored">Candidates whose latest assessment in the period has no score (unverified, declined, pending), left out.</param>
/// <param name="MedianScore">The median score over every counted candidate; null when none.</param>
public sealed record FairnessSample(long Candidates, long Unscored, double? MedianScore);

/// <param name="Family"><c>sex</c>, <c>raceEthnicity</c>, <c>sexRaceEthnicity</c> or <c>ageBand</c>.</param>
/// <param name="Categories">The known categories present in the sample.</param>
/// <param name="Unknown">Candidates of the sample with no category in this family.</param>
/// <param name="Declined">Candidates of the sample who declined to say.</param>
public sealed record CategoryFamily(string Family, IReadOnlyList<CategoryFigures> Categories, long Unknown, long Declined);

/// <param name="Category">The category (for the intersection, <c>sex / raceEthnicity</c>).</param>
/// <param name="Count">Candidates of the sample in the category.</param>
/// <param name="ShareOfSample">Count over the whole sample.</param>
/// <param name="Excludable">Under 2 % of the sample: an auditor may leave it out of the impact ratios.</param>
/// <param name="ScoreAboveMedian">The score: share strictly above the sample median.</param>
/// <param name="ActivePresence">activeProfessionalPresence: share true.</param>
/// <param name="ScoreDistribution">Candidates scoring 0-19, 20-39, 40-59, 60-79 and 80-100.</param>
public sealed record CategoryFigures(
    string Category, long Count, decimal ShareOfSample, bool Excludable, RateFigures ScoreAboveMedian, RateFigures ActivePresence,
    IReadOnlyList<long> ScoreDistribution)
{
    internal static CategoryFigures Of(CategoryRow r) => new(
        r.Category, r.Count, r.Share, r.Excludable,
        new RateFigures(r.Above, r.ScoringRate, r.ScoringRatio, r.ScoringBelow ?? false),
        new RateFigures(r.Active, r.ActiveRate, r.ActiveRatio, r.ActiveBelow ?? false),
        r.Distribution);
}

/// <param name="Selected">Candidates of the category counted as selected (above the median; active presence true).</param>
/// <param name="Rate">Selected over the category's count.</param>
/// <param name="ImpactRatio">Rate over the family's highest rate; null when that is 0.</param>
/// <param name="BelowFourFifths">The impact ratio is under 0.8.</param>
public sealed record RateFigures(long Selected, decimal Rate, decimal? ImpactRatio, bool BelowFourFifths);
