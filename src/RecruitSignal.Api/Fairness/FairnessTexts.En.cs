using RecruitSignal.Explanations;

namespace RecruitSignal.Fairness;

/// <summary>What a compliance officer reads, in English.</summary>
public sealed class FairnessTextsEn : FairnessTexts
{
    public override string Code => "en";
    public override string Title => "How the presence signal falls across groups";
    public override string About(string employer, string firstDay, string lastDay, string policy) =>
        $"Candidates of {employer} assessed from {firstDay} to {lastDay}, with the scoring policy {policy}.";
    public override string Purpose =>
        "These figures come from the categories candidates gave voluntarily to the applicant tracking system. They were never used to score anyone. They show whether the signal selects some groups less often than others, the way New York City's Local Law 144 measures it. Read them before relying on the signal.";
    public override string Footer(string expiresOn) => $"This link works until {expiresOn}. {NoCookie}";
    public override string NoCookie => "The page sets no cookie and loads nothing from elsewhere.";

    public override string SampleHeading => "Who was counted";
    public override string Sample(long candidates, long unscored, string? median) =>
        (candidates == 0 ? "No candidate has a scored assessment in this period." : $"{candidates} candidates, each counted once with their latest assessment in the period; their median score is {median}.")
        + (unscored > 0 ? $" {unscored} more candidates had no score (not verified, declined or pending) and are left out." : "");

    public override string FamilyName(string family) => family switch
    {
        CategoryFamilies.Sex => "Sex",
        CategoryFamilies.RaceEthnicity => "Race and ethnicity",
        CategoryFamilies.SexRaceEthnicity => "Sex and race or ethnicity together",
        _ => "Age",
    };

    // Race and ethnicity are adjectives before the people they qualify ("Asian candidates", "Asian women"), except the
    // last EEO-1 category, which follows them ("women of two or more races").
    private static readonly Dictionary<string, string> Races = new()
    {
        ["hispanic_or_latino"] = "Hispanic or Latino",
        ["white"] = "White",
        ["black_or_african_american"] = "Black or African American",
        ["native_hawaiian_or_other_pacific_islander"] = "Native Hawaiian or Other Pacific Islander",
        ["asian"] = "Asian",
        ["american_indian_or_alaska_native"] = "American Indian or Alaska Native",
    };

    public override string Group(string category) => category.Split(" / ") switch
    {
        ["female"] => "women",
        ["male"] => "men",
        ["under_40"] => "candidates under 40",
        ["40_and_over"] => "candidates 40 and over",
        [var sex, var race] => Of(race, sex == "female" ? "women" : sex == "male" ? "men" : "candidates"),
        [var race] => Of(race, "candidates"),
        _ => $"candidates '{category}'",
    };

    private static string Of(string race, string people) =>
        race == "two_or_more_races" ? $"{people} of two or more races"
        : Races.TryGetValue(race, out var adjective) ? $"{adjective} {people}"
        : $"{people} '{race}'";

    public override string MetricName(bool score) => score ? "score above the median" : "active professional presence";
    public override string ChartTitle(string family, bool score) =>
        $"{FamilyName(family)}: impact ratio of the {(score ? "score above the median" : "active professional presence")}";
    public override string FourFifthsLine => "0.8 (four-fifths rule)";
    public override string NoCategories(string family) => $"No candidate of the sample gave a category for {FamilyName(family).ToLowerInvariant()}: there is no ratio to compute.";
    public override string UnknownDeclined(long unknown, long declined) => $"Not counted in the ratios: {unknown} candidates with no category given, {declined} who declined to say.";

    public override string Sentence(bool score, string category, string ratio, string highest) => score
        ? $"In this period, {Group(category)} scored above the median at {ratio} times the rate of {Group(highest)}."
        : $"In this period, {Group(category)} were found to have an active presence at {ratio} times the rate of {Group(highest)}.";
    public override string Excludable(string category) => $"{Name(category)} are under 2 % of the sample: an auditor may leave them out of the ratios.";

    public override string Category => "Category";
    public override string Count => "Candidates";
    public override string Share => "Share of sample";
    public override string Rate => "Rate";
    public override string Ratio => "Impact ratio";
    public override string Flag => "Under 0.8";
    public override string Flagged => "yes";
    public override string NotFlagged => "no";
    public override string ExcludableMark => "(under 2 %)";

    public override string DistributionHeading => "Score distribution";
    public override string DistributionCaption(string family) => $"{FamilyName(family)}: candidates by score band";
    public override string Band(int band) => band == 4 ? "80-100" : $"{band * 20}-{band * 20 + 19}";

    public override string AgeHeading => "Older candidates are selected less often";
    public override IReadOnlyList<string> AgeChoices { get; } =
    [
        "At least one age ratio is under 0.8. Having no account on X, or a quiet one, is more common among older professionals, so the signal can disadvantage them. Nothing has been changed; these are choices the deployer can make:",
        "Do not score absence: a policy with absence 'not_applicable' (AbsenceTreatment.NotApplicable) gives no score instead of 0 to a candidate without an account.",
        "Give less weight to recency and cadence, which reward frequent posting, and more to relevance.",
        "Use the signal only to start a conversation, never to rank or screen out, and have a recruiter review every result.",
    ];

    public override string MethodHeading => "How these figures are computed";
    public override string MethodIntro => "The method, as the figures' answer states it:";

    public override string NotFoundTitle => "This link does not exist";
    public override string NotFoundText => "Check that the whole link was copied, or ask for a new one.";
    public override string EndedTitle => "This link has ended";
    public override string EndedText => "It has expired or was revoked. Ask for a new one.";

    protected override ExplanationLanguage Words => ExplanationLanguage.English;
    protected override char DecimalSeparator => '.';
}
