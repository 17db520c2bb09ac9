using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RecruitSignal.ApiDocs;

/// <summary>
/// What every operation's entry gets from the endpoint's metadata: its security requirement (or an explicit
/// none), query parameters spelled as clients send them (<c>band</c>, not <c>Band</c>), the closed set of a
/// parameter's values (<see cref="WireValuesAttribute"/>), and the headers it reads and writes.
/// </summary>
internal static class OperationConventions
{
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Security = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any()
            ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocsExtensions.SecuritySchemeName, context.Document)] = [] }]
            : [];

        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            var description = context.Description.ParameterDescriptions
                .FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            if (parameter.In == ParameterLocation.Query && parameter.Name is { } name)
            {
                // Binding is case-insensitive; the document shows the spelling of the README and the JSON bodies.
                parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(name);
            }

            var info = (description?.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo;
            if (info?.GetCustomAttribute<WireValuesAttribute>() is { } values)
            {
                var schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. values.Values.Select(v => (JsonNode)v)] };
                EnumSchemas.Name(schema, values.Name);
                parameter.Schema = schema;
            }
        }

        foreach (var header in metadata.OfType<RequestHeaderMetadata>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        foreach (var header in metadata.OfType<ResponseHeaderMetadata>())
        {
            var responses = (operation.Responses ?? [])
                .Where(r => r.Key == header.Status || (header.Status == "2XX" && r.Key.StartsWith('2')))
                .Select(r => r.Value)
                .OfType<OpenApiResponse>();
            foreach (var response in responses)
            {
                ProblemResponses.AddHeader(response, header.Name, header.Description, header.Required);
            }
        }

        return Task.CompletedTask;
    }
}
