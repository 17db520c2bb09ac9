using System.Text.Json.Nodes;

namespace RecruitSignal.Tests.Contract;

/// <summary>One documented operation: its method, its path template, and its entry in the document.</summary>
public sealed record ContractOperation(string Method, string Template, JsonObject Node)
{
    private readonly string[] _segments = Template.Trim('/').Split('/');

    public string Name => (string?)Node["operationId"] ?? $"{Method} {Template}";

    public IEnumerable<string> PathParameters => _segments.Where(s => s.StartsWith('{')).Select(s => s[1..^1]);

    public bool Matches(string path, OpenApiContract contract)
    {
        var segments = path.Trim('/').Split('/');
        if (segments.Length != _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < segments.Length; i++)
        {
            if (_segments[i].StartsWith('{'))
            {
                var name = _segments[i][1..^1];
                var schema = Node["parameters"]?.AsArray().FirstOrDefault(p => (string?)p!["name"] == name && (string?)p["in"] == "path")?["schema"];
                // A value of the wrong format does not reach the operation: the route constraint refuses it.
                if (!contract.Valid(schema, JsonValue.Create(Uri.UnescapeDataString(segments[i])), out _))
                {
                    return false;
                }
            }
            else if (!string.Equals(_segments[i], segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One request and its response, as the contract checks them.</summary>
public sealed record Exchange(
    int Status,
    string? ContentType,
    string Body,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<(string Name, string Value)> Query,
    JsonNode? RequestBody);
