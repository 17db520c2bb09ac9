using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.ApiDocs;

/// <summary>How a feature shows its own request and response examples in the OpenAPI document, beside <see cref="Examples"/>.</summary>
public static class ExampleSchemas
{
    public static void Add(OpenApiOptions options, IReadOnlyDictionary<Type, object> examples) => options.AddSchemaTransformer((schema, context, _) =>
    {
        if (examples.TryGetValue(context.JsonTypeInfo.Type, out var example))
        {
            schema.Examples = [JsonSerializer.SerializeToNode(example, example.GetType(), Json.Options)!];
        }

        return Task.CompletedTask;
    });
}
