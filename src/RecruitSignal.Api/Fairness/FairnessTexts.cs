using System.Globalization;
using RecruitSignal.Explanations;

namespace RecruitSignal.Fairness;

/// <summary>
/// Every word a compliance officer reads on the fairness page, in one language: <see cref="FairnessTextsEn"/> and
/// <see cref="FairnessTextsFr"/> are the only places to change what is said.
/// </summary>
public abstract class FairnessTexts
{
    public static FairnessTexts Of(string code) => code == "fr" ? new FairnessTextsFr() : new FairnessTextsEn();

    public abstract string Code { get; }
    public abstract string Title { get; }
    public abstract string About(string employer, string firstDay, string lastDay, string policy);
    public abstract string Purpose { get; }
    public abstract string Footer(string expiresOn);
    public abstract string NoCookie { get; }

    public abstract string SampleHeading { get; }
    public abstract string Sample(long candidates, long unscored, string? median);

    public abstract string FamilyName(string family);

    /// <summary>
    /// The candidates a category names, as a sentence names them: "men", "White women", "candidates under 40"
    /// (in French without the article, which the sentence adds: "femmes blanches"). Known categories only.
    /// </summary>
    public abstract string Group(string category);
    public abstract string MetricName(bool score);
    public abstract string ChartTitle(string family, bool score);
    public abstract string FourFifthsLine { get; }
    public abstract string NoCategories(string family);
    public abstract string UnknownDeclined(long unknown, long declined);

    /// <summary>"In this period, candidates 40 and over ... at 0.62 times the rate of candidates under 40." Categories as codes.</summary>
    public abstract string Sentence(bool score, string category, string ratio, string highest);

    /// <summary>That a category is under 2 % of the sample; the category as a code.</summary>
    public abstract string Excludable(string category);

    public abstract string Category { get; }
    public abstract string Count { get; }
    public abstract string Share { get; }
    public abstract string Rate { get; }
    public abstract string Ratio { get; }
    public abstract string Flag { get; }
    public abstract string Flagged { get; }
    public abstract string NotFlagged { get; }
    public abstract string ExcludableMark { get; }

    public abstract string DistributionHeading { get; }
    public abstract string DistributionCaption(string family);
    public abstract string Band(int band);

    public abstract string AgeHeading { get; }
    public abstract IReadOnlyList<string> AgeChoices { get; }

    public abstract string MethodHeading { get; }
    public abstract string MethodIntro { get; }

    public abstract string NotFoundTitle { get; }
    public abstract string NotFoundText { get; }
    public abstract string EndedTitle { get; }
    public abstract string EndedText { get; }

    protected abstract ExplanationLanguage Words { get; }

    protected abstract char DecimalSeparator { get; }

    public string Date(DateOnly day) => Words.Date(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    public string Date(DateTimeOffset at) => Words.Date(at);

    /// <summary>Two decimals, as ratios are read against 0.8.</summary>
    public string Decimal2(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', DecimalSeparator);

    /// <summary>A share with its unit held to it by a no-break space: a narrow table cell would otherwise wrap "53.9 /%".</summary>
    public string Percent(decimal share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture).Replace('.', DecimalSeparator) + "\u00A0%";

    public string Median(double median) => median.ToString("0.#", CultureInfo.InvariantCulture).Replace('.', DecimalSeparator);

    /// <summary>A category's name in a table or a chart: its group, capitalised ("Women", "Candidats de moins de 40 ans").</summary>
    public string Name(string category) => Capitalised(Group(category));

    protected static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
