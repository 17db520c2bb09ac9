using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RecruitSignal.ApiDocs;

/// <summary>
/// What every operation can answer besides its own results, documented once for all of them (so endpoints added
/// later get it too): the RFC 9457 problem schemas as the service really writes them (<c>traceId</c> and other
/// extension members allowed), 401/429/503 on every authenticated operation, 400/413/415 wherever a body is read,
/// a problem+json body on every error status, and the headers that come with statuses (<c>Location</c> on 201/202,
/// <c>Retry-After</c> on 429/503, <c>WWW-Authenticate</c> on 401).
/// </summary>
internal static class ProblemResponses
{
    public const string ProblemSchema = "ProblemDetails";
    public const string ValidationProblemSchema = "HttpValidationProblemDetails";
    private const string ProblemJson = "application/problem+json";

    public static Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        document.Components.Schemas[ValidationProblemSchema] = ValidationProblem(document);

        foreach (var operation in (document.Paths ?? []).Values.SelectMany(path => (path.Operations ?? []).Values))
        {
            operation.Responses ??= new OpenApiResponses();
            var responses = operation.Responses;
            if (operation.Security is { Count: > 0 })
            {
                responses.TryAdd("401", new OpenApiResponse { Description = "Missing, malformed or unknown API key." });
                responses.TryAdd("429", new OpenApiResponse { Description = "The tenant's request limit is used up for now; retry after `Retry-After` seconds." });
                responses.TryAdd("503", new OpenApiResponse { Description = "The database is unavailable; retry after `Retry-After` seconds." });
            }

            var readsBody = operation.RequestBody is not null;
            if (readsBody || operation.Parameters is { Count: > 0 })
            {
                responses.TryAdd("400", new OpenApiResponse { Description = "The request is not valid: `errors` names each field and what is wrong." });
            }

            if (readsBody)
            {
                responses.TryAdd("413", new OpenApiResponse { Description = "The body is larger than this endpoint accepts." });
                responses.TryAdd("415", new OpenApiResponse { Description = "The body is not sent as `application/json`." });
            }

            if (!responses.Keys.Any(status => status.StartsWith('4')))
            {
                // Nothing of the operation's own can go wrong (health checks), but the server still refuses oversized
                // requests before they reach it.
                responses["431"] = new OpenApiResponse { Description = "The request's headers are too large; refused by the server, without a body." };
            }

            foreach (var (status, response) in responses)
            {
                Complete(document, status, (OpenApiResponse)response);
            }
        }

        return Task.CompletedTask;
    }

    private static void Complete(OpenApiDocument document, string status, OpenApiResponse response)
    {
        if ((status.StartsWith('4') || status.StartsWith('5')) && status != "431" && response.Content is not { Count: > 0 })
        {
            // A 400 may come from the body's JSON or a query parameter as well as from the validator: every one
            // of them is a problem, with an errors map when a field is to blame.
            var schema = status == "400" ? ValidationProblemSchema : ProblemSchema;
            response.Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = new OpenApiSchemaReference(schema, document) },
            };
        }

        switch (status)
        {
            case "201" or "202":
                AddHeader(response, "Location", "Where the created (or accepted) resource is, relative to the service.", true);
                break;
            case "401":
                AddHeader(response, "WWW-Authenticate", "`Bearer`: the API key goes in `Authorization: Bearer <key>`.", true);
                break;
            case "429":
                AddHeader(response, "Retry-After", "Seconds to wait before the tenant's next request is accepted.", true, JsonSchemaType.Integer);
                break;
            case "503":
                AddHeader(response, "Retry-After", "Seconds to wait before retrying, when the service can tell.", false, JsonSchemaType.Integer);
                break;
        }
    }

    internal static void AddHeader(OpenApiResponse response, string name, string description, bool required, JsonSchemaType type = JsonSchemaType.String)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers.TryAdd(name, new OpenApiHeader
        {
            Description = description,
            Required = required,
            Schema = type == JsonSchemaType.Integer
                ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0" }
                : new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = """
            An RFC 9457 problem. `traceId` identifies the request in the service's logs; other extension members
            may be added, so a client must accept members it does not know.
            """,
        Required = new HashSet<string> { "type", "title", "status" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI reference that identifies the problem type." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the problem type." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599", Description = "The HTTP status code." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong with this request, and what to do." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI reference of this occurrence." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, to quote when asking for help." },
        },
        Examples =
        [
            new JsonObject
            {
                ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
                ["title"] = "No such assessment.",
                ["status"] = 404,
                ["detail"] = "No assessment '01a1f830-08e0-7fce-bf8d-2b76687d02a1' is visible to this API key.",
                ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
            },
        ],
    };

    private static OpenApiSchema ValidationProblem(OpenApiDocument document) => new()
    {
        Description = "A problem whose `errors` map, when present, gives the messages of each field by its JSON path (`candidate.twitter`).",
        AllOf =
        [
            new OpenApiSchemaReference(ProblemSchema, document),
            new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["errors"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Description = "Messages by the JSON path of the field they are about.",
                        AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                    },
                },
            },
        ],
        Examples =
        [
            new JsonObject
            {
                ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                ["title"] = "The request is not valid.",
                ["status"] = 400,
                ["errors"] = new JsonObject
                {
                    ["candidate.twitter"] = new JsonArray("'linkedin.com' is not an X host: give a username or an x.com / twitter.com profile URL."),
                },
                ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
            },
        ],
    };
}
