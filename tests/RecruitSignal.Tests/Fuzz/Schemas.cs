using System.Text.Json.Nodes;

namespace RecruitSignal.Tests.Fuzz;

public enum Kind { Record, Array, Text, WholeNumber, Number, Boolean, Unknown }

/// <summary>Reads the JSON Schemas of the OpenAPI document: follows references, looks through nullable wrappers.</summary>
public sealed class Schemas(JsonNode document)
{
    private readonly JsonObject _components = document["components"]?["schemas"]?.AsObject() ?? [];

    /// <summary>The schema itself, with <c>$ref</c> followed and <c>oneOf: [null, X]</c> reduced to X.</summary>
    public JsonNode Resolve(JsonNode schema)
    {
        for (var hops = 0; hops < 16; hops++)
        {
            if (schema["$ref"] is { } reference)
            {
                schema = _components[((string)reference!).Split('/')[^1]]!;
            }
            else if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices
                && choices.FirstOrDefault(c => c?["type"] is not JsonValue type || (string?)type != "null") is { } other)
            {
                schema = other;
            }
            else
            {
                break;
            }
        }

        return schema;
    }

    public static Kind KindOf(JsonNode schema)
    {
        var types = schema["type"] switch
        {
            JsonArray many => many.Select(t => (string?)t).ToList(),
            JsonValue one => [(string?)one],
            _ => [],
        };
        return types.Contains("object") || schema["properties"] is not null ? Kind.Record
            : types.Contains("array") ? Kind.Array
            : types.Contains("integer") ? Kind.WholeNumber
            : types.Contains("number") ? Kind.Number
            : types.Contains("boolean") ? Kind.Boolean
            : types.Contains("string") || schema["enum"] is not null ? Kind.Text
            : Kind.Unknown;
    }

    public IEnumerable<(string Name, JsonNode Schema)> Properties(JsonNode schema) =>
        (schema["properties"]?.AsObject() ?? []).Select(p => (p.Key, Resolve(p.Value!)));

    public JsonNode? Items(JsonNode schema) => schema["items"] is { } items ? Resolve(items) : null;

    /// <summary>
    /// Whether an object refuses properties it does not name (<c>additionalProperties: false</c>). An ATS's own contract
    /// leaves it open on purpose: the ATS may add fields, which are skipped.
    /// </summary>
    public static bool RefusesUnknownProperties(JsonNode schema) =>
        schema["additionalProperties"] is JsonValue closed && closed.TryGetValue<bool>(out var allowed) && !allowed;

    /// <summary>The schema's own example when it has one; else one made of its properties' examples.</summary>
    public static JsonNode? Example(JsonNode schema) => schema["examples"]?[0]?.DeepClone() ?? schema["example"]?.DeepClone();
}
