using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;

namespace RecruitSignal.ApiDocs;

/// <summary>
/// The document's front matter: title, description, license, contact, the one server (the configured public URL,
/// never the request's Host header, which a client controls) and a description of every tag.
/// </summary>
internal static class DocumentInfo
{
    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Screenings"] = "Screen candidates, one at a time or in batches: the candidate is upserted, the evidence scored and the assessment stored in one transaction.",
        ["Assessments"] = "Stored assessments: one by id, or the tenant's, keyset-paged and filtered.",
        ["Candidates"] = "Candidates with their latest assessment, their history, their consent to an X lookup and a fresh observation of their account.",
        ["Candidate rights"] = "What GDPR and the EU AI Act give the candidate: an explanation, a copy of their data, erasure and a retention limit.",
        ["Webhooks"] = "Subscriptions to assessment events, delivered at least once with an HMAC signature, and the record of every delivery.",
        ["Policies"] = "Versioned, immutable scoring policies: the built-in ones and the tenant's own, and which one is active.",
        ["Rescoring"] = "Score stored evidence again with another policy, one assessment at a time or the whole tenant in the background.",
        ["Human review"] = "A recruiter confirms or overrides an assessment; the candidate contests it.",
        ["Audit"] = "The tenant's append-only, hash-chained audit log.",
        ["Health"] = "Whether the process is up and whether it can serve (the database is reachable and migrated), for load balancers.",
    };

    public static Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        var publicUrl = context.ApplicationServices.GetRequiredService<IOptions<PublicUrl>>().Value;
        document.Info = new OpenApiInfo
        {
            Title = "RecruitSignal API",
            Version = "v1",
            Description = Description(),
            Contact = new OpenApiContact { Name = "RecruitSignal", Url = new Uri(publicUrl.Link("/docs")) },
            License = new OpenApiLicense { Name = "Proprietary: all rights reserved", Identifier = "LicenseRef-Proprietary" },
        };
        document.Servers = [new OpenApiServer { Url = publicUrl.Base, Description = "The service, as configured by PublicBaseUrl." }];

        var used = (document.Paths ?? []).Values
            .SelectMany(path => (path.Operations ?? []).Values)
            .SelectMany(operation => operation.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(tag => tag.Name)
            .OfType<string>()
            .Distinct();
        document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
        {
            Name = name,
            // A tag added later without a sentence here still gets one, so the document stays lint-clean.
            Description = TagDescriptions.GetValueOrDefault(name, $"The {name} operations."),
        }));
        return Task.CompletedTask;
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
