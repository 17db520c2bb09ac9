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
        // The one document, at its one address: "/openapi/{documentName}.json" answered any other name with a
        // text/plain 404 that echoed the name, where every other refusal is problem+json.
        app.MapOpenApi("/openapi/v1.json");
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("RecruitSignal API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }

    private const string Rights = """
        ## Candidate rights and human oversight

        Scoring candidates is high-risk processing (EU AI Act); GDPR gives candidates rights the ATS exercises here:

        | right | how the ATS exercises it |
        |-------|--------------------------|
        | human review, not automated means alone | `POST /v1/assessments/{id}/reviews` (confirm or override the band); every answer shows `reviewState` and `latestReview` beside the computed result |
        | to object | `POST /v1/assessments/{id}/contest` with the candidate's words; the assessment goes back to `contested` until reviewed |
        | to an explanation | `GET /v1/assessments/{id}/explanation`, plain language, English or French by `Accept-Language` |
        | of access | `GET /v1/candidates/{id}/export`: everything held about the candidate, one JSON document |
        | to erasure | `DELETE /v1/candidates/{id}` or `DELETE /v1/candidates?externalId=...`: one transaction, idempotent, leaves a tombstone without personal data |
        | storage limitation | `PUT /v1/settings/retention`: candidates not updated for that many days (default 730) are erased by a background job |

        Policies are versioned and immutable (`/v1/policies`); a new one never changes a past assessment, and
        `POST /v1/assessments/{id}/rescore` or `POST /v1/rescoring-jobs` score stored evidence again into new
        assessments. Every screening, rescore, review, contest, policy change, export, erasure and purge is recorded
        in a hash-chained, append-only audit log (`GET /v1/audit`) that holds ids, never personal data.
        """;

    private static string Description()
    {
        var codes = string.Join("\n", ReasonCodes.Descriptions.Select(code => $"| `{code.Key}` | {code.Value} |"));
        return $"""
            RecruitSignal records whether a candidate has an active professional presence on X and turns the
            evidence into an explainable, reproducible score. It is a signal for a human recruiter, never a
            hiring decision: it measures public professional activity, not the person.

            Every `/v1` call needs `Authorization: Bearer <api key>`. Errors are RFC 9457 `application/problem+json`;
            validation errors carry an `errors` map keyed by the JSON path of the field (`candidate.twitter`).

            {Rights}

            ## Reason codes

            Stable codes; new ones may be added, none is ever renamed.

            | code | meaning |
            |------|---------|
            {codes}
            """;
    }
}
