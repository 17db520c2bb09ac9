using System.Text.Json.Nodes;

namespace RecruitSignal.Tests.Fuzz;

/// <summary>A field of a request body: its JSON path and its schema.</summary>
public sealed record BodyField(IReadOnlyList<object> Segments, JsonNode Schema, Kind Kind)
{
    /// <summary>The path as a problem's errors name it: <c>candidate.links[0]</c>.</summary>
    public string Path => string.Concat(Segments.Select((s, i) => s is int index ? $"[{index}]" : i == 0 ? (string)s : $".{s}"));
}

/// <summary>Request bodies: the fields of a body schema, and a valid example with one field replaced by raw JSON.</summary>
public static class FuzzBody
{
    private const string Marker = "\"__fuzz_marker_5e1d__\"";

    /// <summary>Every field of the schema, objects and lists included, however deep (lists through their first item).</summary>
    public static IEnumerable<BodyField> Fields(Schemas schemas, JsonNode schema, IReadOnlyList<object>? prefix = null, int depth = 0)
    {
        prefix ??= [];
        if (depth > 6)
        {
            yield break;
        }

        foreach (var (name, property) in schemas.Properties(schema))
        {
            var path = prefix.Append(name).ToList();
            var kind = Schemas.KindOf(property);
            yield return new BodyField(path, property, kind);
            var nested = kind switch
            {
                Kind.Record => Fields(schemas, property, path, depth + 1),
                Kind.Array when schemas.Items(property) is { } items => ItemFields(schemas, items, path, depth),
                _ => [],
            };
            foreach (var field in nested)
            {
                yield return field;
            }
        }
    }

    private static IEnumerable<BodyField> ItemFields(Schemas schemas, JsonNode items, List<object> path, int depth)
    {
        var first = path.Append(0).ToList();
        var kind = Schemas.KindOf(items);
        yield return new BodyField(first, items, kind);
        if (kind == Kind.Record)
        {
            foreach (var field in Fields(schemas, items, first, depth + 1))
            {
                yield return field;
            }
        }
    }

    /// <summary>The value the example holds at the field's path, if any.</summary>
    public static JsonNode? ValueAt(JsonNode? example, IReadOnlyList<object> segments)
    {
        var node = example;
        foreach (var segment in segments)
        {
            node = segment switch
            {
                string name when node is JsonObject o => o[name],
                int index when node is JsonArray a && index < a.Count => a[index],
                _ => null,
            };
        }

        return node;
    }

    /// <summary>The example as JSON text with the field at <paramref name="segments"/> set to <paramref name="rawJson"/> (missing parents are made).</summary>
    public static string With(JsonNode? example, IReadOnlyList<object> segments, string rawJson)
    {
        var body = example?.DeepClone() ?? new JsonObject();
        JsonNode parent = body;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            var child = Child(parent, segments[i]);
            if (child is null || (segments[i + 1] is int ? child is not JsonArray : child is not JsonObject))
            {
                child = segments[i + 1] is int ? new JsonArray() : new JsonObject();
                Set(parent, segments[i], child);
            }

            parent = child;
        }

        Set(parent, segments[^1], JsonValue.Create("__fuzz_marker_5e1d__"));
        return body.ToJsonString().Replace(Marker, rawJson, StringComparison.Ordinal);
    }

    /// <summary>
    /// The example with each sibling of the field dropped or kept at random, so that a value is also judged without
    /// the company it usually has (a count without the count it must not exceed, a withdrawal without a notice).
    /// </summary>
    public static JsonNode? WithoutSomeSiblings(JsonNode? example, IReadOnlyList<object> segments, Random random)
    {
        var copy = example?.DeepClone();
        if (segments.Count > 0 && ValueAt(copy, segments.Take(segments.Count - 1).ToList()) is JsonObject parent)
        {
            foreach (var sibling in parent.Select(p => p.Key).Where(k => !Equals(k, segments[^1])).ToList())
            {
                if (random.Next(2) == 0)
                {
                    parent.Remove(sibling);
                }
            }
        }

        return copy;
    }

    private static JsonNode? Child(JsonNode parent, object segment) => segment switch
    {
        string name => parent.AsObject()[name],
        int index => parent.AsArray().Count > index ? parent.AsArray()[index] : null,
        _ => null,
    };

    private static void Set(JsonNode parent, object segment, JsonNode value)
    {
        if (segment is string name)
        {
            parent.AsObject()[name] = value;
            return;
        }

        var array = parent.AsArray();
        while (array.Count <= (int)segment)
        {
            array.Add(null);
        }

        array[(int)segment] = value;
    }
}
