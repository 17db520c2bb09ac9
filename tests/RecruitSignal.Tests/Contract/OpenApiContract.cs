extern alias JsonSchemaNet;

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JsonSchemaNet::Json.Schema;

namespace RecruitSignal.Tests.Contract;

/// <summary>
/// The OpenAPI document as a contract to check exchanges against, the way a generated client relies on it: the
/// operation a request hits (method and path template, path parameters of the documented format), the status codes
/// it documents, their content types and headers, and the JSON Schema 2020-12 of every body (the document's
/// components become <c>$defs</c> of one registered schema resource). A successful request must also have been one
/// the document allows: its query parameters by their documented names and its JSON body by the request schema.
/// </summary>
public sealed class OpenApiContract
{
    private const string Base = "https://contract.recruitsignal.test/openapi";

    // Headers of HTTP itself, of caching or of the transport: a client does not need them documented.
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "Server", "Content-Type", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Cache-Control",
        "Pragma", "Expires", "Vary", "Content-Encoding", "Alt-Svc",
    };

    private readonly List<ContractOperation> _operations;
    private readonly BuildOptions _build = new() { SchemaRegistry = new SchemaRegistry() };
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();
    private readonly EvaluationOptions _evaluation = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.Hierarchical };

    private OpenApiContract(JsonObject document)
    {
        Document = document;
        var defs = new JsonObject();
        foreach (var (name, schema) in document["components"]?["schemas"]?.AsObject() ?? [])
        {
            defs[name] = Rebase(schema!.DeepClone());
        }

        JsonSchema.FromText(new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$id"] = Base, ["$defs"] = defs }.ToJsonString(), _build);
        _operations = [.. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => op.Key is "get" or "put" or "post" or "delete" or "patch")
            .Select(op => new ContractOperation(op.Key.ToUpperInvariant(), path.Key, op.Value!.AsObject())))];
    }

    public JsonObject Document { get; }

    public IReadOnlyList<ContractOperation> Operations => _operations;

    public static OpenApiContract Parse(string json) => new(JsonNode.Parse(json)!.AsObject());

    /// <summary>The documented operation a request hits, or null (an undocumented page or an unknown address).</summary>
    public ContractOperation? Find(string method, string path) =>
        _operations.FirstOrDefault(op => op.Method == method && op.Matches(path, this));

    /// <summary>Everything in one exchange that the document does not allow; empty when it conforms.</summary>
    public List<string> Check(ContractOperation operation, Exchange exchange)
    {
        var mismatches = new List<string>();
        var status = exchange.Status.ToString(CultureInfo.InvariantCulture);
        var responses = operation.Node["responses"]!.AsObject();
        var documented = responses[status] ?? responses[$"{status[0]}XX"] ?? responses["default"];
        if (documented is null)
        {
            mismatches.Add($"status {status} is not documented (documented: {string.Join(", ", responses.Select(r => r.Key))})");
            return mismatches;
        }

        CheckBody(documented["content"]?.AsObject(), exchange.ContentType, exchange.Body, $"{status} body", mismatches);
        CheckHeaders(documented["headers"]?.AsObject(), exchange.Headers, status, mismatches);
        if (exchange.Status is >= 200 and < 300 && !RefusesPart(exchange.Body))
        {
            CheckRequest(operation, exchange, mismatches);
        }

        return mismatches;
    }

    private void CheckRequest(ContractOperation operation, Exchange exchange, List<string> mismatches)
    {
        var parameters = operation.Node["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
        foreach (var (name, value) in exchange.Query)
        {
            var parameter = parameters.FirstOrDefault(p => (string?)p["in"] == "query" && (string?)p["name"] == name);
            if (parameter is null)
            {
                mismatches.Add($"the service accepted the query parameter '{name}', which is not documented");
            }
            else if (!Valid(parameter["schema"], ParameterValue(parameter["schema"], value), out var error))
            {
                mismatches.Add($"the service accepted '{name}={value}', which its schema refuses: {error}");
            }
        }

        if (exchange.RequestBody is { } body && operation.Node["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema
            && !Valid(schema, body, out var bodyError))
        {
            mismatches.Add($"the service accepted a request body its schema refuses: {bodyError}");
        }
    }

    /// <summary>A success that carries a problem for part of the request (a batch item) accepted only the rest.</summary>
    private static bool RefusesPart(string body) => body.Contains("\"problem\":{", StringComparison.Ordinal);

    private void CheckBody(JsonObject? content, string? contentType, string body, string what, List<string> mismatches)
    {
        if (content is not { Count: > 0 })
        {
            if (body.Length > 0)
            {
                mismatches.Add($"{what}: none is documented, but {body.Length} bytes of {contentType} came");
            }

            return;
        }

        var media = content.FirstOrDefault(c => string.Equals(c.Key, contentType, StringComparison.OrdinalIgnoreCase)).Value;
        if (media is null)
        {
            mismatches.Add($"{what}: content type '{contentType}' is not documented (documented: {string.Join(", ", content.Select(c => c.Key))})");
            return;
        }

        if (media["schema"] is not { } schema)
        {
            return;
        }

        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            mismatches.Add($"{what}: not JSON ({e.Message})");
            return;
        }

        if (!Valid(schema, instance, out var error))
        {
            mismatches.Add($"{what}: {error}");
        }
    }

    private void CheckHeaders(JsonObject? documented, IReadOnlyDictionary<string, string> headers, string status, List<string> mismatches)
    {
        foreach (var (name, header) in documented ?? [])
        {
            var value = headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            if (value is null)
            {
                if ((bool?)header!["required"] == true)
                {
                    mismatches.Add($"{status}: the required header '{name}' is missing");
                }
            }
            else if (!Valid(header!["schema"], ParameterValue(header["schema"], value), out var error))
            {
                mismatches.Add($"{status}: header '{name}: {value}' does not match its schema: {error}");
            }
        }

        foreach (var name in headers.Keys.Where(name => !TransportHeaders.Contains(name)
            && documented?.Any(d => string.Equals(d.Key, name, StringComparison.OrdinalIgnoreCase)) != true))
        {
            mismatches.Add($"{status}: the header '{name}' is sent but not documented");
        }
    }

    /// <summary>A header or query value as the JSON its schema describes: a number for an integer schema.</summary>
    private static JsonValue ParameterValue(JsonNode? schema, string value) =>
        (string?)schema?["type"] is "integer" or "number" && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : (string?)schema?["type"] == "boolean" && bool.TryParse(value, out var flag) ? JsonValue.Create(flag) : JsonValue.Create(value);

    internal bool Valid(JsonNode? schema, JsonNode? instance, out string error)
    {
        error = "";
        if (schema is null)
        {
            return true;
        }

        var key = schema.ToJsonString();
        var compiled = _schemas.GetOrAdd(key, _ => JsonSchema.FromText(Rebase(schema.DeepClone())!.ToJsonString(), _build));
        var element = JsonSerializer.SerializeToElement(instance);
        var result = compiled.Evaluate(element, _evaluation);
        if (result.IsValid)
        {
            return true;
        }

        error = string.Join("; ", Failures(result).Distinct().Take(6));
        return false;
    }

    /// <summary>The errors of the failed nodes only: a oneOf that passed has failed branches that are not the cause.</summary>
    private static IEnumerable<string> Failures(EvaluationResults node)
    {
        if (node.IsValid)
        {
            yield break;
        }

        foreach (var (_, message) in node.Errors ?? new Dictionary<string, string>())
        {
            yield return $"{node.InstanceLocation}: {message}";
        }

        foreach (var failure in (node.Details ?? []).SelectMany(Failures))
        {
            yield return failure;
        }
    }

    /// <summary>Points the document's component references at the registered resource.</summary>
    private static JsonNode? Rebase(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "$ref" && (string?)value is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        obj[key] = $"{Base}#/$defs/{reference["#/components/schemas/".Length..]}";
                    }
                    else
                    {
                        Rebase(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Rebase(item);
                }

                break;
        }

        return node;
    }
}
