using System.Globalization;
using RecruitSignal.Scoring;

namespace RecruitSignal.Explanations;

/// <summary>The sentences of an explanation in one language. Words a candidate uses, never the service's terms.</summary>
public abstract class ExplanationLanguage
{
    public static ExplanationLanguage English { get; } = new EnglishExplanation();

    public static ExplanationLanguage French { get; } = new FrenchExplanation();

    public abstract string Code { get; }

    public abstract string Absent { get; }
    public abstract string AccountProtected { get; }
    public abstract string Suspended { get; }
    public abstract string NoEvidence { get; }
    public abstract string Passive { get; }
    public abstract string Relayer(string network);
    public abstract string Publisher(string network);
    public abstract string Engaged(string network);
    /// <summary>A refusal, or a statement of having no account, stands for every network the policy reads (<paramref name="networks"/>, wire names).</summary>
    public abstract string Declined(IReadOnlyList<string> networks);
    /// <inheritdoc cref="Declined"/>
    public abstract string StatedNoAccount(IReadOnlyList<string> networks);
    /// <summary>Why nothing was read under a policy requiring proof; <paramref name="networks"/> are the unproven ones (wire names).</summary>
    public abstract string HandleNotVerified(IReadOnlyList<string> networks);
    /// <summary>Where a handle came from; <paramref name="network"/> (wire name) is the one a proven handle was signed in with.</summary>
    public abstract string HandleSource(string handle, HandleOwnership ownership, string network);

    public abstract string Window(int days, string until);
    public abstract string Activity(int originalPosts, int replies, int reposts);
    public abstract string LastPost(string day);
    public abstract string LastPostUnknown { get; }
    public abstract string BioMatches(string terms);
    public abstract string BioMatchesNothing { get; }
    public abstract string RelevantPosts(int relevant, int originalPosts);

    public abstract string AbsenceCountsZero { get; }
    public abstract string AbsenceNotCounted { get; }
    public abstract string NothingCounted { get; }
    public abstract string Factor(string factor, string points, string weight);

    public abstract string Score(int score, string band);
    public abstract string Active(string networks);
    public abstract string NotActive(string networks);

    public abstract string NoScore { get; }
    public abstract string NoScoreForAbsence { get; }
    public abstract string BandName(Band band);

    public abstract string ReviewNone { get; }
    public abstract string ReviewConfirmed { get; }
    public abstract string ReviewOverridden(string band);
    public abstract string ReviewContested { get; }
    public abstract string Rights { get; }

    protected abstract IReadOnlyList<string> Months { get; }
    protected abstract char DecimalSeparator { get; }

    // Month names and separators are spelt here rather than taken from a culture, so the text is the same
    // on a host without ICU data (invariant globalization).
    public string Date(DateTimeOffset at) => $"{at.UtcDateTime.Day} {Months[at.UtcDateTime.Month - 1]} {at.UtcDateTime.Year}";

    public string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture).Replace('.', DecimalSeparator);

    /// <summary>The first supported language of an Accept-Language header, by preference; English otherwise.</summary>
    public static ExplanationLanguage Choose(IEnumerable<(string Language, double Quality)> accepted) =>
        accepted.Where(l => l.Quality > 0)
            .OrderByDescending(l => l.Quality)
            .Select(l => l.Language.Split('-')[0].ToLowerInvariant() switch { "fr" => French, "en" => English, _ => null })
            .FirstOrDefault(l => l is not null) ?? English;
}
