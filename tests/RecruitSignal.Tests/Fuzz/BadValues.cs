using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RecruitSignal.Tests.Fuzz;

/// <summary>What must hold of the answer to a bad value.</summary>
public enum Expect
{
    /// <summary>Always invalid by the documented rules: a refusal that names the field (413 when the body outgrows its cap).</summary>
    Refuse,

    /// <summary>Always invalid, but not about one field (truncated JSON, wrong content type): a refusal.</summary>
    RefuseAny,

    /// <summary>May be accepted; if refused, the refusal names a field.</summary>
    Any,
}

/// <summary>A bad value of one class, as raw JSON (it may be something no JSON writer produces: a lone surrogate, a duplicate key).</summary>
public sealed record BadValue(string Class, string Json, Expect Expect);

/// <summary>The bad values of the fuzz suite, by class and by the kind of field they are aimed at.</summary>
public static class BadValues
{
    /// <summary>A JSON string holding one MiB: past every text limit and past every body cap but the batch's.</summary>
    public static readonly string OneMegabyte = JsonSerializer.Serialize(new string('a', 1 << 20));

    private static readonly string[] Controls = ["\u0000", "\u0001", "\u0007", "\u0008", "\u001b", "\u007f", "\u0085", "\u009f"];
    private static readonly string[] Bidi = ["\u202e", "\u202a", "\u202d", "\u2066", "\u2067", "\u2069", "\u200e", "\u200f", "\u061c"];
    private static readonly string[] ZeroWidth = ["\u200b", "\u2060", "\ufeff", "\u00ad", "\u180e"];
    private static readonly string[] LoneSurrogates = ["\\ud800", "\\udbff", "\\udc00", "\\udfff"];

    /// <summary>Every private, loopback, link-local, unspecified, reserved and IPv6-embedded form a URL can point at.</summary>
    public static readonly string[] InternalUrls =
    [
        "https://127.0.0.1/", "https://127.1/", "https://2130706433/", "https://0x7f000001/", "https://0177.0.0.1/", "https://0/",
        "https://0.0.0.0/", "https://10.1.2.3/", "https://172.16.0.1/", "https://192.168.1.1/", "https://100.64.0.1/",
        "https://169.254.169.254/latest/meta-data/", "https://[::]/", "https://[::1]/", "https://[::127.0.0.1]/",
        "https://[::ffff:127.0.0.1]/", "https://[::ffff:169.254.169.254]/", "https://[::ffff:0:a00:1]/", "https://[2002:7f00:1::1]/",
        "https://[2002:a9fe:a9fe::1]/", "https://[2001::1]/", "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "https://[fec0::1]/",
        "https://[fe80::1%25eth0]/", "https://[fd00:ec2::254]/", "https://[fc00::1]/", "https://[ff02::1]/", "https://[64:ff9b::a00:1]/",
        "https://[64:ff9b::7f00:1]/", "https://[64:ff9b:1::1]/", "https://[100::1]/", "https://[2001:db8::1]/", "https://localhost/",
        "https://internal.example.com/", "https://rebinding.example.com/", "http://hooks.example.com/", "https://user:pass@hooks.example.com/",
        "https://192.0.2.1/", "https://198.18.0.1/", "https://224.0.0.1/", "https://255.255.255.255/", "ftp://hooks.example.com/",
        "file:///etc/passwd", "gopher://127.0.0.1:6379/_", "//hooks.example.com/", "https://", "https://[::1", "javascript:alert(1)",
    ];

    public static IReadOnlyList<(string Class, BadValue[] Pool)> For(Kind kind, JsonNode schema, JsonNode? example) => kind switch
    {
        Kind.Text => Text(schema, example as JsonValue),
        Kind.WholeNumber => Integers((string?)schema["format"] == "int64"),
        Kind.Number => Numbers,
        Kind.Boolean => Booleans,
        Kind.Record => Objects(example as JsonObject),
        Kind.Array => Arrays(example as JsonArray),
        _ => [("wrong type", [new("wrong type", "[[[]]]", Expect.Any)])],
    };

    private static List<(string, BadValue[])> Text(JsonNode schema, JsonValue? example)
    {
        var text = example is not null && example.TryGetValue<string>(out var s) ? s : "fuzz";
        var multiline = ((string?)schema["description"])?.Contains("line breaks are allowed", StringComparison.Ordinal) == true;
        var format = (string?)schema["format"];
        var classes = new List<(string, BadValue[])>
        {
            ("wrong type", [Refuse("wrong type", "12"), Refuse("wrong type", "true"), Refuse("wrong type", "{}"), Refuse("wrong type", "[\"x\"]")]),
            ("empty", [Any("empty", "\"\"")]),
            ("10,000 characters", [Refuse("10,000 characters", JsonSerializer.Serialize(new string('é', 10_000)))]),
            ("NUL and control characters", [.. Controls.Select(c => Refuse("control character", Insert(text, c)))]),
            ("line break", [new("line break", Insert(text, "\n"), multiline ? Expect.Any : Expect.Refuse)]),
            ("lone surrogate", [.. LoneSurrogates.Select(c => Refuse("lone surrogate", Insert(text, c, raw: true)))]),
            ("bidi control", [.. Bidi.Select(c => Refuse("bidi control", Insert(text, c)))]),
            ("zero-width", [.. ZeroWidth.Select(c => Refuse("zero-width", Insert(text, c)))]),
            ("allowed joiner, emoji", [Any("joiner", Insert(text, "\u200d")), Any("emoji", Insert(text, "\U0001F469\u200D\U0001F4BB"))]),
            ("SQL and markup", [Any("sql", JsonSerializer.Serialize("' or 1=1 --")), Any("markup", JsonSerializer.Serialize("<script>x</script>"))]),
            ("URL of an internal host", [.. InternalUrls.Select(u => new BadValue("internal URL", JsonSerializer.Serialize(u), format == "uri" ? Expect.Refuse : Expect.Any))]),
        };
        if (format == "date-time")
        {
            classes.Add(("date out of range", [
                Any("date", "\"0001-01-01T00:00:00+00:00\""), Any("date", "\"9999-12-31T23:59:59.9999999+00:00\""),
                Any("date", "\"1900-01-01T00:00:00Z\""), Any("date", "\"2999-01-01T00:00:00Z\""),
                Refuse("date", "\"9999-12-31T23:59:59-05:00\""), Refuse("date", "\"0001-01-01T00:00:00+14:00\""),
                Refuse("date", "\"yesterday\""), Refuse("date", "\"2026-02-30T00:00:00Z\""), Refuse("date", "1764156000"), Refuse("date", "\"\""),
            ]));
        }

        if (schema["enum"] is JsonArray members)
        {
            classes.Add(("not a member", [Refuse("enum", "\"not-a-member\""), Refuse("enum", "0"), Any("enum", JsonSerializer.Serialize(((string?)members[0])?.ToUpperInvariant()))]));
        }

        return classes;
    }

    private static List<(string, BadValue[])> Integers(bool wide) =>
    [
        ("numeric string", [Refuse("numeric string", "\"12\""), Refuse("numeric string", "\"0\""), Refuse("numeric string", "\" 7\"")]),
        ("NaN-like", [Refuse("NaN-like", "\"NaN\""), Refuse("NaN-like", "\"Infinity\""), Refuse("NaN-like", "\"-Infinity\"")]),
        ("float", [Refuse("float", "1.5"), Refuse("float", "12.0"), Refuse("float", "1e3"), Refuse("float", "-0.0")]),
        ("huge", [Refuse("huge", "99999999999999999999999"), Refuse("huge", "1e400"), new("huge", "2147483648", wide ? Expect.Any : Expect.Refuse),
            new("huge", "-2147483649", wide ? Expect.Any : Expect.Refuse), Refuse("huge", "9223372036854775808")]),
        ("negative and edges", [Any("edge", "-1"), Any("edge", "0"), Any("edge", "2147483647"), Any("edge", "-2147483648"), Any("edge", "1000001")]),
        ("wrong type", [Refuse("wrong type", "true"), Refuse("wrong type", "\"abc\""), Refuse("wrong type", "{}"), Refuse("wrong type", "[1]")]),
    ];

    private static readonly List<(string, BadValue[])> Numbers =
    [
        ("numeric string", [Refuse("numeric string", "\"12.5\""), Refuse("numeric string", "\"0\"")]),
        ("NaN-like", [Refuse("NaN-like", "\"NaN\""), Refuse("NaN-like", "\"Infinity\""), Refuse("NaN-like", "\"-Infinity\"")]),
        ("huge and tiny", [Any("huge", "1e400"), Any("huge", "-1e400"), Any("huge", "1.7976931348623157e308"), Any("tiny", "1e-400"), Any("tiny", "-0.0")]),
        ("negative", [Any("negative", "-1"), Any("negative", "-0.5")]),
        ("wrong type", [Refuse("wrong type", "true"), Refuse("wrong type", "{}"), Refuse("wrong type", "[1.5]")]),
    ];

    private static readonly List<(string, BadValue[])> Booleans =
    [
        ("string", [Refuse("string", "\"true\""), Refuse("string", "\"yes\""), Refuse("string", "\"\"")]),
        ("number", [Refuse("number", "1"), Refuse("number", "0")]),
        ("wrong type", [Refuse("wrong type", "{}"), Refuse("wrong type", "[true]")]),
    ];

    private static List<(string, BadValue[])> Objects(JsonObject? example) =>
    [
        ("wrong type", [Refuse("wrong type", "\"x\""), Refuse("wrong type", "1"), Refuse("wrong type", "[]"), Refuse("wrong type", "true")]),
        ("empty", [Any("empty", "{}")]),
        ("deep nesting", [Refuse("deep nesting", Nested("{\"a\":", "}", 100))]),
        ("duplicate key", [.. DuplicateKeys(example)]),
    ];

    private static List<(string, BadValue[])> Arrays(JsonArray? example) =>
    [
        ("wrong type", [Refuse("wrong type", "\"x\""), Refuse("wrong type", "{}"), Refuse("wrong type", "1")]),
        ("empty", [Any("empty", "[]"), Any("null item", "[null]")]),
        ("deep nesting", [Refuse("deep nesting", Nested("[", "]", 100))]),
        ("many items", [Any("many items", "[" + string.Join(",", Enumerable.Repeat(example?.FirstOrDefault()?.ToJsonString() ?? "\"x\"", 3_000)) + "]")]),
    ];

    /// <summary>The object's first member sent twice, as written and in another case; <see cref="FuzzBody"/> reads the marker.</summary>
    private static IEnumerable<BadValue> DuplicateKeys(JsonObject? example)
    {
        if (example?.FirstOrDefault() is not { Key: var name, Value: var value })
        {
            yield break;
        }

        var json = value?.ToJsonString() ?? "null";
        var body = example.ToJsonString().TrimEnd('}');
        yield return Refuse($"duplicate key:{name}", $"{body},{JsonSerializer.Serialize(name)}:{json}}}");
        yield return Refuse($"duplicate key:{name}", $"{body},{JsonSerializer.Serialize(char.ToUpperInvariant(name[0]) + name[1..])}:{json}}}");
    }

    public static string Nested(string open, string close, int depth) =>
        string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));

    // The text with a character put in its middle, as a JSON string; raw: the character is already a JSON escape.
    private static string Insert(string text, string character, bool raw = false)
    {
        var middle = text.Length / 2;
        var json = new StringBuilder();
        json.Append(JsonSerializer.Serialize(text[..middle])[..^1]);
        json.Append(raw ? character : JsonSerializer.Serialize(character)[1..^1]);
        json.Append(JsonSerializer.Serialize(text[middle..])[1..]);
        return json.ToString();
    }

    private static BadValue Refuse(string name, string json) => new(name, json, Expect.Refuse);

    private static BadValue Any(string name, string json) => new(name, json, Expect.Any);
}
