using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RecruitSignal.Input;

/// <summary>
/// Writes <see cref="TextRule"/> into the OpenAPI description of every text field of every request body, so a
/// client reads the rule where it reads the field. Request types are found from the endpoints themselves, and
/// the descriptions are edited once the document is complete (after the XML comments have been applied).
/// </summary>
internal sealed class TextRuleDocs : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var schemas = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var type in RequestTypes(context.ApplicationServices))
        {
            if (!schemas.TryGetValue(type.Name, out var schema) || schema.Properties is not { } properties)
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(IsText))
            {
                if (properties.TryGetValue(JsonNamingPolicy.CamelCase.ConvertName(property.Name), out var field) && field is OpenApiSchema text)
                {
                    var rule = property.IsDefined(typeof(MultilineTextAttribute))
                        ? $"{TextRule.Summary} (tab and line breaks are allowed)."
                        : $"{TextRule.Summary}; a single line.";
                    text.Description = string.IsNullOrEmpty(text.Description) ? rule : $"{text.Description.TrimEnd()} {rule}";
                }
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsText(PropertyInfo property) =>
        property.PropertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(property.PropertyType);

    private static HashSet<Type> RequestTypes(IServiceProvider services) => Closure(
        services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints)
            .SelectMany(endpoint => endpoint.Metadata.OfType<IAcceptsMetadata>())
            .Select(accepts => accepts.RequestType)
            .OfType<Type>());

    // The body types and every type of this assembly reachable through their properties (nested objects, list items).
    private static HashSet<Type> Closure(IEnumerable<Type> roots)
    {
        var found = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            if (type.Assembly != typeof(TextRuleDocs).Assembly || !type.IsClass || !found.Add(type))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                pending.Push(propertyType);
                foreach (var argument in propertyType.IsGenericType ? propertyType.GetGenericArguments() : [])
                {
                    pending.Push(argument);
                }
            }
        }

        return found;
    }
}
