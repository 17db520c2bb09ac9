using Microsoft.OpenApi;

namespace RecruitSignal.ApiDocs;

public static class ApiDocsExtensions
{
    public const string SecuritySchemeName = "ApiKey";

    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        BuildTimeDocument.Configure(builder);
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
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
            options.AddDocumentTransformer(DocumentInfo.TransformAsync);
            options.AddOperationTransformer(OperationConventions.TransformAsync);
            options.AddSchemaTransformer(RequestSchemas.TransformAsync);
            options.AddSchemaTransformer(Examples.AddToSchema);
            // Last: the shared error responses and schemas see every operation as the other transformers left it.
            options.AddDocumentTransformer(ProblemResponses.TransformAsync);
            options.AddDocumentTransformer(EnumSchemas.TransformAsync);
        });
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        // The one document, at its one address: "/openapi/{documentName}.json" answered any other name with a
        // text/plain 404 that echoed the name, where every other refusal is problem+json.
        app.MapOpenApi("/openapi/v1.json");
        app.MapDocsPage();
        return app;
    }
}
