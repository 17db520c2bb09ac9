using System.Globalization;
using System.Text;

namespace RecruitSignal.Input;

/// <summary>
/// The one rule for characters in text a client sends (body fields, query parameters, the Idempotency-Key):
/// refused, never stripped or stored as is, are control characters (U+0000 to U+001F, U+007F to U+009F; tab,
/// line feed and carriage return are allowed in multi-line fields only), lone surrogates, the noncharacters
/// U+FFFE and U+FFFF, and invisible formatting characters (Unicode category Cf: zero-width space, word joiner,
/// byte order mark, soft hyphen, bidi embeddings, overrides, isolates and marks...). The zero-width joiner and
/// non-joiner are allowed: Persian, Indic scripts and emoji sequences need them.
/// </summary>
public static class TextRule
{
    /// <summary>The rule in one sentence, for the OpenAPI document.</summary>
    public const string Summary =
        "Control characters, lone surrogates and invisible formatting characters (zero-width space, bidi overrides...) are refused with 400";

    /// <summary>Why <paramref name="text"/> is refused, or null when it is acceptable.</summary>
    public static string? Check(string text, bool multiline = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return $"Position {i + 1} holds a lone surrogate (U+{(int)text[i]:X4}), half of a UTF-16 pair: send valid Unicode.";
            }

            if (Refused(rune, multiline) is { } what)
            {
                return $"Position {i + 1} holds U+{rune.Value:X4}, {what}: control characters, lone surrogates and invisible formatting "
                    + $"characters are refused{(multiline ? "" : "; this field is a single line")}.";
            }

            i += consumed - 1;
        }

        return null;
    }

    private static string? Refused(Rune rune, bool multiline) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control when multiline && rune.Value is '\t' or '\n' or '\r' => null,
        UnicodeCategory.Control => "a control character",
        UnicodeCategory.Format when rune.Value is 0x200C or 0x200D => null,
        UnicodeCategory.Format => "an invisible formatting character",
        _ when rune.Value is 0xFFFE or 0xFFFF => "a noncharacter",
        _ => null,
    };
}

/// <summary>A text field that may hold tabs and line breaks (a bio, a note): see <see cref="TextRule"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MultilineTextAttribute : Attribute;
