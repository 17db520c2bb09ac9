using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using RecruitSignal.Scoring;
using Scalar.AspNetCore;

namespace RecruitSignal.ApiDocs;

public static class ApiDocsExtensions
{
    public const string SecuritySchemeName = "ApiKey";

    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "RecruitSignal API",
                    Version = "v1",
                    Description = Description(),
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The tenant's API key, sent as `Authorization: Bearer rs_XXXXXXXX_...`.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(SecuritySchemeName, context.Document)] = [],
                    });
                    operation.Responses ??= new OpenApiResponses();
                    operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Missing, malformed or unknown API key (problem+json)." });
                }

                return Task.CompletedTask;
            });
            options.AddSchemaTransformer(Examples.AddToSchema);
        });
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("RecruitSignal API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }

    private static string Description()
    {
        var codes = string.Join("\n", ReasonCodes.Descriptions.Select(code => $"| `{code.Key}` | {code.Value} |"));
        return $"""
            RecruitSignal records whether a candidate has an active professional presence on X and turns the
            evidence into an explainable, reproducible score. It is a signal for a human recruiter, never a
            hiring decision: it measures public professional activity, not the person.

            Every `/v1` call needs `Authorization: Bearer <api key>`. Errors are RFC 9457 `application/problem+json`;
            validation errors carry an `errors` map keyed by the JSON path of the field (`candidate.twitter`).

            ## Reason codes

            Stable codes; new ones may be added, none is ever renamed.

            | code | meaning |
            |------|---------|
            {codes}
            """;
    }
}
