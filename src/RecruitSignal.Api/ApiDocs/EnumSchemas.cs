using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RecruitSignal.Scoring;

namespace RecruitSignal.ApiDocs;

/// <summary>
/// Enums as client generators need them: every closed set one named component (a field's or query parameter's
/// <see cref="WireValuesAttribute"/> set becomes a reference to it, so a client gets one <c>Band</c> type, not a new
/// enum per field), typed <c>string</c>, and without <c>null</c> among the values (the generator puts it there when the
/// enum was first met as a nullable field; nullable uses are <c>oneOf</c> with null, and a null member makes client
/// generators emit a junk enum member).
/// </summary>
internal static class EnumSchemas
{
    private const string NameMark = "x-wire-values";

    /// <summary>Marks an inline enum to become (a reference to) the component <paramref name="name"/>.</summary>
    public static void Name(OpenApiSchema schema, string name)
    {
        schema.Metadata ??= new Dictionary<string, object>();
        schema.Metadata[NameMark] = name;
    }

    public static Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        var components = document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();

        // The scoring engine names its factors with constants; it stays free of documentation attributes.
        if (components.TryGetValue("FactorResult", out var result) && result.Properties?.TryGetValue("factor", out var factor) == true && factor is OpenApiSchema name)
        {
            name.Enum = [.. Factors.All.Select(f => (JsonNode)f)];
            Name(name, "Factor");
        }

        foreach (var (key, schema) in components.ToList())
        {
            components[key] = Shared(schema, document, top: true);
        }

        foreach (var parameter in (document.Paths ?? []).Values.SelectMany(p => (p.Operations ?? []).Values).SelectMany(o => o.Parameters ?? []).OfType<OpenApiParameter>())
        {
            parameter.Schema = parameter.Schema is null ? null : Shared(parameter.Schema, document, top: false);
        }

        foreach (var schema in components.Values.OfType<OpenApiSchema>().Where(s => s.Enum is { Count: > 0 }))
        {
            schema.Enum = schema.Enum!.Where(value => value is not null).ToList();
            schema.Type ??= JsonSchemaType.String;
        }

        return Task.CompletedTask;
    }

    /// <summary>The schema, or a reference to the named enum it describes; its children are visited the same way.</summary>
    private static IOpenApiSchema Shared(IOpenApiSchema schema, OpenApiDocument document, bool top)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return schema;
        }

        if (!top && concrete.Metadata?.TryGetValue(NameMark, out var mark) == true && mark is string name)
        {
            document.Components!.Schemas!.TryAdd(name, new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = concrete.Enum!.Where(value => value is not null).ToList(),
            });
            var reference = new OpenApiSchemaReference(name, document);
            return concrete.Type?.HasFlag(JsonSchemaType.Null) == true
                ? new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, reference], Description = concrete.Description }
                : string.IsNullOrEmpty(concrete.Description) ? reference : new OpenApiSchemaReference(name, document) { Description = concrete.Description };
        }

        foreach (var (key, property) in concrete.Properties?.ToList() ?? [])
        {
            concrete.Properties![key] = Shared(property, document, top: false);
        }

        if (concrete.Items is not null)
        {
            concrete.Items = Shared(concrete.Items, document, top: false);
        }

        return concrete;
    }
}
