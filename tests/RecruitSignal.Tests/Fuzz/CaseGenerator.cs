using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RecruitSignal.Tests.Fuzz;

/// <summary>
/// Turns an operation into bad requests by class: every body field, query parameter, route value and relevant
/// header gets one value of each class that applies to it (drawn with the seeded generator), and the body as a
/// whole gets its framing classes. <see cref="Extra"/> draws more, at random, when a run wants more requests.
/// </summary>
public sealed partial class CaseGenerator(Schemas schemas, Random random)
{
    private static readonly string[] WrongContentTypes =
        ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=fuzz", ""];

    /// <param name="route">The value of a route parameter, given the path segment before it and its name.</param>
    public IEnumerable<FuzzCase> Systematic(Operation operation, Func<string, string, string> route)
    {
        var url = Fill(operation, route);
        var example = operation.BodyExample?.ToJsonString();
        yield return Send(operation, "baseline", "none", url, example, Expect.Any, null);

        foreach (var bodyCase in BodyFields(operation, url).Concat(BodyFraming(operation, url)))
        {
            yield return bodyCase;
        }

        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            foreach (var (_, pool) in QueryValues(parameter))
            {
                var (value, expect) = pool[random.Next(pool.Length)];
                yield return Send(operation, $"query {Kind(parameter)}", $"query {parameter.Name}", Query(url, parameter.Name, value), example, expect, parameter.Name);
            }
        }

        yield return Send(operation, "unknown query parameter", "query fuzz", Query(url, "fuzz", "a\u0000b"), example, Expect.Refuse, "fuzz");
        foreach (var headerCase in Headers(operation, url, example))
        {
            yield return headerCase;
        }

        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            string[] values = ["not-a-uuid", "%00", "00000000-0000-0000-0000-000000000000", NextGuid(), new string('a', 1000), "%2e%2e%2f%2e%2e"];
            var bent = Fill(operation, (segment, name) => name == parameter.Name ? values[random.Next(values.Length)] : route(segment, name));
            yield return Send(operation, "route value", $"route {parameter.Name}", bent, example, Expect.Any, null);
        }
    }

    /// <summary>One more case drawn at random from every class that applies to the operation.</summary>
    public FuzzCase Extra(Operation operation, Func<string, string, string> route)
    {
        var all = Systematic(operation, route).Skip(1).ToList();
        return all[random.Next(all.Count)];
    }

    private IEnumerable<FuzzCase> BodyFields(Operation operation, string url)
    {
        if (operation.BodySchema is not { } schema)
        {
            yield break;
        }

        var fields = FuzzBody.Fields(schemas, schema).ToList();
        var texts = fields.Where(f => f.Kind == Fuzz.Kind.Text).ToList();
        var megabyteField = texts.Count > 0 ? texts[random.Next(texts.Count)] : null;
        foreach (var field in fields)
        {
            var current = FuzzBody.ValueAt(operation.BodyExample, field.Segments);
            var pools = BadValues.For(field.Kind, field.Schema, current);
            foreach (var (_, pool) in pools.Where(p => p.Pool.Length > 0))
            {
                yield return Body(operation, url, field, pool[random.Next(pool.Length)]);
            }

            var acceptable = pools.SelectMany(p => p.Pool).Where(v => v.Expect == Expect.Any).ToList();
            if (acceptable.Count > 0)
            {
                var edge = acceptable[random.Next(acceptable.Count)];
                var sparse = FuzzBody.WithoutSomeSiblings(operation.BodyExample, field.Segments, random);
                yield return FuzzCase.Json(operation, $"{edge.Class}, siblings dropped", $"body {field.Path}", url,
                    FuzzBody.With(sparse, field.Segments, edge.Json), Expect.Any, field.Path);
            }

            yield return Body(operation, url, field, new BadValue("null", "null", Expect.Any));
            if (field == megabyteField)
            {
                yield return Body(operation, url, field, new BadValue("1 MB string", BadValues.OneMegabyte, Expect.Refuse));
            }

            if (field.Kind == Fuzz.Kind.Record)
            {
                var unknown = new BodyField([.. field.Segments, "fuzzUnknownField"], field.Schema, Fuzz.Kind.Unknown);
                yield return Body(operation, url, unknown, new BadValue("unknown field", "1", Schemas.RefusesUnknownProperties(field.Schema) ? Expect.Refuse : Expect.Any));
            }
        }
    }

    private static FuzzCase Body(Operation operation, string url, BodyField field, BadValue value) =>
        FuzzCase.Json(operation, value.Class, $"body {field.Path}", url, FuzzBody.With(operation.BodyExample, field.Segments, value.Json), value.Expect, field.Path);

    private IEnumerable<FuzzCase> BodyFraming(Operation operation, string url)
    {
        if (operation.Method is "GET" or "HEAD" or "OPTIONS")
        {
            yield break;
        }

        var example = operation.BodyExample?.ToJsonString() ?? "{}";
        var documented = operation.BodySchema is not null;
        var required = documented && operation.BodyRequired ? Expect.RefuseAny : Expect.Any;
        var framing = documented ? Expect.RefuseAny : Expect.Any;
        var cut = 1 + random.Next(Math.Max(1, example.Length - 2));
        yield return Send(operation, "truncated JSON", "body", url, example[..cut], framing, null);
        yield return Send(operation, "empty body", "body", url, "", required, null);
        yield return Send(operation, "null body", "body", url, "null", required, null);
        yield return Send(operation, "wrong JSON type", "body", url, new[] { "[]", "\"text\"", "12", "true" }[random.Next(4)], framing, null);
        yield return Send(operation, "deep nesting", "body", url, BadValues.Nested("{\"a\":", "}", 200), framing, null);
        yield return Send(operation, "invalid UTF-8", "body", url, "{\"\u00c3(\": 1}", framing, null) with
        {
            Body = [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'],
        };
        yield return Send(operation, "70 KB body", "body", url, example.TrimEnd('}') + $",\"fuzzPadding\":\"{new string('p', 70_000)}\"}}", framing, null);
        var type = WrongContentTypes[random.Next(WrongContentTypes.Length)];
        yield return Send(operation, "wrong content type", "header Content-Type", url, example, documented && operation.BodyRequired ? Expect.RefuseAny : Expect.Any, null)
            with { ContentType = type.Length == 0 ? null : type };
        if (operation.BodyExample is JsonObject { Count: > 0 } top)
        {
            var unknown = Schemas.RefusesUnknownProperties(operation.BodySchema!) ? Expect.Refuse : Expect.Any;
            yield return Send(operation, "unknown field", "body fuzzUnknownField", url, example.TrimEnd('}') + ",\"fuzzUnknownField\":1}", unknown, "fuzzUnknownField");
            var (name, value) = top.First();
            var variant = random.Next(2) == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
            yield return Send(operation, "duplicate key", $"body {name}", url,
                example.TrimEnd('}') + $",{JsonSerializer.Serialize(variant)}:{value?.ToJsonString() ?? "null"}}}", Expect.Refuse, name);
        }
    }

    private IEnumerable<FuzzCase> Headers(Operation operation, string url, string? example)
    {
        if (operation.Parameters.Any(p => p.In == "header" && p.Name == "Idempotency-Key"))
        {
            (string Value, Expect Expect)[] keys = [("", Expect.Refuse), (new string('k', 256), Expect.Refuse), ("k\u0001y", Expect.Refuse), ("k\u007f", Expect.Refuse), (NextGuid(), Expect.Any)];
            var (key, expect) = keys[random.Next(keys.Length)];
            yield return Send(operation, "Idempotency-Key", "header Idempotency-Key", url, example, expect, "Idempotency-Key") with { Headers = [new("Idempotency-Key", key)] };
        }

        string[] languages = ["zz;q=abc", "*;q=2", new string('a', 5000), "fr-FR, en;q=0.5", ";;;,,,"];
        yield return Send(operation, "Accept-Language", "header Accept-Language", url, example, Expect.Any, null)
            with { Headers = [new("Accept-Language", languages[random.Next(languages.Length)])] };
        if (operation.Path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            string[] keys = ["Bearer rs_forged00_" + new string('A', 43), "Basic Zm9vOmJhcg==", "Bearer " + new string('x', 5000), "bearer"];
            yield return Send(operation, "Authorization", "header Authorization", url, example, Expect.RefuseAny, null)
                with { Headers = [new("Authorization", keys[random.Next(keys.Length)])] };
        }
    }

    private static IReadOnlyList<(string Class, (string Value, Expect Expect)[] Pool)> QueryValues(Parameter parameter)
    {
        (string, Expect)[] characters = [("a\u0000b", Expect.Refuse), ("a\u0001b", Expect.Refuse), ("a\u202eb", Expect.Refuse), ("a\u200bb", Expect.Refuse), ("\ufeffa", Expect.Refuse)];
        (string, Expect)[] anyText = [(new string('q', 4000), Expect.Any), ("", Expect.Any), ("' or 1=1 --", Expect.Any), ("%", Expect.Any), ("\u00e9t\u00e9", Expect.Any)];
        var wide = (string?)parameter.Schema?["format"] == "int64";
        return Kind(parameter) switch
        {
            "integer" =>
            [
                ("not a number", [("abc", Expect.Refuse), ("1.5", Expect.Refuse), ("1e3", Expect.Refuse), ("NaN", Expect.Refuse), ("0x10", Expect.Refuse), ("1,5", Expect.Refuse)]),
                ("huge", [("99999999999999999999", Expect.Refuse), (wide ? "9223372036854775808" : "2147483648", Expect.Refuse)]),
                ("edges", [("-1", Expect.Any), ("0", Expect.Any), ("2147483647", Expect.Any), ("-2147483648", Expect.Any), ("", Expect.Any)]),
                ("characters", characters),
            ],
            "boolean" => [("not a boolean", [("maybe", Expect.Refuse), ("1", Expect.Refuse), ("yes", Expect.Refuse)]), ("edges", [("TRUE", Expect.Any), ("", Expect.Any)]), ("characters", characters)],
            "date-time" =>
            [
                ("not a date", [("yesterday", Expect.Refuse), ("2026-02-30T00:00:00Z", Expect.Refuse), ("9999-12-31T23:59:59-05:00", Expect.Refuse)]),
                ("dates out of range", [("0001-01-01T00:00:00Z", Expect.Any), ("9999-12-31T23:59:59.9999999Z", Expect.Any), ("2026-01-01", Expect.Any)]),
                ("characters", characters),
            ],
            _ => [("characters", characters), ("text", anyText)],
        };
    }

    private static string Kind(Parameter parameter) => parameter.Schema is not { } schema ? "string"
        : (string?)schema["format"] == "date-time" ? "date-time"
        : Schemas.KindOf(schema) switch { Fuzz.Kind.WholeNumber => "integer", Fuzz.Kind.Boolean => "boolean", _ => "string" };

    // Drawn from the seeded generator, so that a seed replays the same run.
    private string NextGuid()
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    private static FuzzCase Send(Operation operation, string @class, string target, string url, string? json, Expect expect, string? field) =>
        new(operation, @class, target, operation.Method, url, json is null ? null : Encoding.UTF8.GetBytes(json), json is null ? null : "application/json", [], expect, field);

    private static string Query(string url, string name, string value) =>
        $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}";

    private static string Fill(Operation operation, Func<string, string, string> route) =>
        RouteParameter().Replace(operation.Path, match =>
        {
            var before = operation.Path[..match.Index].TrimEnd('/');
            return route(before[(before.LastIndexOf('/') + 1)..], match.Groups[1].Value);
        });

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex RouteParameter();
}
