using System.Globalization;
using System.Text;

namespace RecruitSignal.Scoring;

/// <summary>
/// The words that make an X presence professional for one job: the job's keywords when given,
/// otherwise the significant words of the job title and the candidate's headline (design section 3).
/// Matching ignores case and accents and works on whole words or phrases.
/// </summary>
public sealed class RelevanceTerms
{
    private const int MinSignificantWordLength = 4;

    // Stop words of 4+ letters only: shorter words are never significant anyway.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // English
        "about", "after", "also", "been", "before", "being", "both", "from", "have", "into", "just", "more",
        "most", "only", "other", "over", "same", "some", "such", "than", "that", "their", "them", "then",
        "there", "these", "they", "this", "those", "very", "were", "what", "when", "where", "which", "while",
        "will", "with", "within", "without", "your", "yours", "would", "could", "should",
        // French (accents already folded)
        "ainsi", "alors", "aussi", "autre", "autres", "avant", "avec", "avoir", "celle", "celui", "cette",
        "ceux", "chez", "comme", "dans", "depuis", "donc", "dont", "elle", "elles", "entre", "etre", "leur",
        "leurs", "mais", "meme", "moins", "notre", "nous", "pour", "quand", "quel", "quelle", "quelles",
        "quels", "sans", "selon", "sont", "sous", "tous", "tout", "toute", "toutes", "tres", "vers",
        "votre", "vous",
    };

    private readonly List<string[]> _phrases;

    private RelevanceTerms(IReadOnlyList<string> terms)
    {
        Terms = terms;
        _phrases = terms.Select(Tokenize).Where(tokens => tokens.Length > 0).ToList();
    }

    /// <summary>The terms in normalised form (lower case, no accents), in the order they were found.</summary>
    public IReadOnlyList<string> Terms { get; }

    public static RelevanceTerms From(IEnumerable<string>? keywords, string? jobTitle, string? headline)
    {
        var given = (keywords ?? []).Select(k => string.Join(' ', Tokenize(k))).Where(k => k.Length > 0).ToList();
        if (given.Count > 0)
        {
            return new RelevanceTerms(given.Distinct(StringComparer.Ordinal).ToList());
        }

        var significant = Tokenize($"{jobTitle} {headline}")
            .Where(word => word.Length >= MinSignificantWordLength && !StopWords.Contains(word))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new RelevanceTerms(significant);
    }

    /// <summary>The terms that occur in <paramref name="text"/> as whole words or phrases.</summary>
    public IReadOnlyList<string> MatchesIn(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || _phrases.Count == 0)
        {
            return [];
        }

        var words = Tokenize(text);
        return _phrases.Where(phrase => ContainsSequence(words, phrase)).Select(phrase => string.Join(' ', phrase)).ToList();
    }

    private static bool ContainsSequence(string[] words, string[] phrase)
    {
        for (var start = 0; start + phrase.Length <= words.Length; start++)
        {
            if (words.AsSpan(start, phrase.Length).SequenceEqual(phrase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits into lower-case, accent-free words; '#' and '+' stay in words so "c#" and "c++" survive.</summary>
    internal static string[] Tokenize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c) || (word.Length > 0 && c is '#' or '+'))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }
}
