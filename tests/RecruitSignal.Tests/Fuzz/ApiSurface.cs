using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace RecruitSignal.Tests.Fuzz;

/// <summary>One HTTP operation to fuzz: where it is, what it takes, and an example body that it accepts.</summary>
public sealed record Operation(
    string Method,
    string Path,
    IReadOnlyList<Parameter> Parameters,
    JsonNode? BodySchema,
    JsonNode? BodyExample,
    bool BodyRequired,
    bool Documented)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <param name="In">path, query or header.</param>
public sealed record Parameter(string Name, string In, JsonNode? Schema);

/// <summary>
/// Every operation the service serves, from its live OpenAPI document and from the endpoints routing knows:
/// an endpoint added later is fuzzed without anyone listing it. An endpoint missing from the document is still
/// fuzzed, through its route values, query string, headers and body framing.
/// </summary>
public static partial class ApiSurface
{
    public static IReadOnlyList<Operation> Read(JsonNode document, IEnumerable<EndpointDataSource> sources)
    {
        var schemas = new Schemas(document);
        var operations = new List<Operation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var parameters = (operation!["parameters"]?.AsArray() ?? [])
                    .Select(p => new Parameter((string)p!["name"]!, (string)p["in"]!, p["schema"]))
                    .ToList();
                var json = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                var body = json is null ? null : schemas.Resolve(json);
                operations.Add(new Operation(method.ToUpperInvariant(), path, parameters, body, body is null ? null : Schemas.Example(body),
                    operation["requestBody"]?["required"]?.GetValue<bool>() == true, Documented: true));
            }
        }

        var documented = operations.Select(o => $"{o.Method} {o.Path}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var path = "/" + RouteConstraint().Replace(endpoint.RoutePattern.RawText?.Trim('/') ?? "", "{$1}");
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                if (documented.Add($"{method} {path}"))
                {
                    var parameters = endpoint.RoutePattern.Parameters
                        .Select(p => new Parameter(p.Name, "path", p.ParameterPolicies.Any(c => c.Content == "guid") ? JsonNode.Parse("""{"format":"uuid"}""") : null))
                        .ToList();
                    operations.Add(new Operation(method, path, parameters, null, null, false, Documented: false));
                }
            }
        }

        return operations;
    }

    // "{id:guid}" -> "{id}", "{**rest}" -> "{rest}", "{name?}" -> "{name}", as the document writes them.
    [GeneratedRegex(@"\{\**([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteConstraint();
}
