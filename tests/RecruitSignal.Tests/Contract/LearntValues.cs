using System.Text.Json.Nodes;

namespace RecruitSignal.Tests.Contract;

/// <summary>
/// What the conformance pass learns from the answers it gets, to build the calls still to come: ids by collection
/// (from a <c>Location</c>, an <c>id</c>, or an <c>xxxId</c> field: <c>candidateId</c> is a <c>candidates</c> id) and
/// string values by field name (a required <c>externalId</c> query value is the last <c>externalId</c> seen).
/// </summary>
public sealed class LearntValues
{
    private readonly Dictionary<string, Guid> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>Remembers ids (by collection) and string values (by field name) for the calls still to come.</summary>
    public async Task LearnAsync(ContractOperation operation, HttpResponseMessage response)
    {
        if (response.Headers.Location is { } location && location.OriginalString.Split('/') is [.., var collection, var id] && Guid.TryParse(id, out var located))
        {
            _ids[collection] = located;
        }

        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return;
        }

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        var literal = operation.Template.Split('/').Last(s => !s.StartsWith('{'));
        foreach (var item in body is JsonObject { } top ? [top, .. top["items"] as JsonArray ?? []] : Array.Empty<JsonNode?>())
        {
            if (item?["id"] is JsonValue value && Guid.TryParse((string?)value, out var own))
            {
                _ids[literal] = own;
            }
        }

        Walk(body);
    }

    private void Walk(JsonNode? node)
    {
        foreach (var (name, value) in node as JsonObject ?? [])
        {
            if (value is JsonValue leaf && leaf.TryGetValue<string>(out var text))
            {
                _values[name] = text;
                if (name.EndsWith("Id", StringComparison.Ordinal) && name.Length > 2 && Guid.TryParse(text, out var id))
                {
                    _ids[Plural(name[..^2])] = id;
                }
            }
            else
            {
                Walk(value);
            }
        }

        foreach (var item in node as JsonArray ?? [])
        {
            Walk(item);
        }
    }

    private static string Plural(string noun) => noun.EndsWith('y') ? noun[..^1] + "ies" : noun + "s";

    public string Path(ContractOperation operation)
    {
        var segments = operation.Template.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            if (segments[i].StartsWith('{'))
            {
                var name = segments[i][1..^1];
                if (name != "id" && !name.EndsWith("Id", StringComparison.Ordinal))
                {
                    // Not an id (a policy's {version}): the value of that name learnt from an earlier answer.
                    segments[i] = Uri.EscapeDataString(_values.GetValueOrDefault(name, "unknown"));
                    continue;
                }

                var collection = name == "id" ? segments[i - 1] : Plural(name[..^2]);
                segments[i] = (_ids.TryGetValue(collection, out var id) ? id : Guid.NewGuid()).ToString();
            }
        }

        return string.Join('/', segments) + Query(operation);
    }

    public string Query(ContractOperation operation)
    {
        var required = Parameters(operation, "query").Where(p => (bool?)p["required"] == true)
            .Select(p => (string)p["name"]!)
            .Select(name => $"{name}={Uri.EscapeDataString(_values.GetValueOrDefault(name, "unknown"))}");
        return string.Join('&', required) is { Length: > 0 } query ? "?" + query : "";
    }

    public static IEnumerable<JsonObject> Parameters(ContractOperation operation, string where) =>
        (operation.Node["parameters"]?.AsArray() ?? []).Select(p => p!.AsObject()).Where(p => (string?)p["in"] == where);
}
