using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;

namespace RecruitSignal.Integrations.Ashby;

/// <summary>
/// A refusal, as Ashby reads one: its API's error response (<c>success: false</c>, <c>errors</c>, <c>errorInfo</c>) and
/// the <c>message</c> that assessment.start's 422 shows to the Ashby user.
/// </summary>
/// <param name="Message">What is wrong and what to do, in one line, shown to the user in Ashby.</param>
/// <param name="Errors">The error code, as Ashby's deprecated <c>errors</c> list carries it.</param>
public sealed record AshbyError(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors,
    [property: JsonPropertyName("errorInfo")] AshbyErrorInfo ErrorInfo);

/// <param name="Code"><c>invalid_input</c>, <c>not_connected</c>, <c>not_found</c>, <c>unavailable</c>...</param>
/// <param name="Meta">The fields to blame, when there are.</param>
public sealed record AshbyErrorInfo(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("meta"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AshbyErrorFields? Meta);

/// <param name="Fields">The messages of each field by its JSON path (<c>candidate.email</c>).</param>
public sealed record AshbyErrorFields([property: JsonPropertyName("fields")] IDictionary<string, string[]> Fields);

/// <summary>
/// Ashby's published contract (the assessment.start and assessment.cancel responses of its OpenAPI document, and
/// https://developers.ashbyhq.com/docs/responses): assessment.start answers 409 only when the candidate is already
/// being assessed, which never happens here (a second start answers the same assessment), and 422 with a
/// <c>message</c> shown to the user in Ashby for anything else it refuses; an error response is
/// <c>{success: false, errors, errorInfo: {code, message}}</c>. So a bad body and a missing Ashby API key are 422s
/// with both; another tenant's assessment stays a 404.
/// </summary>
public sealed class AshbyErrorShape : AtsErrorShape
{
    public static AshbyErrorShape Instance { get; } = new();

    // Its three calls; its web hook receiver answers as Greenhouse's does (problems).
    public override string PathPrefix => "/integrations/ashby/assessment.";

    // What Ashby reads as its 422: the service's 400 (a bad body) and 409 (no Ashby API key given).
    private static readonly string[] Refused = ["400", "409"];

    public override int StatusFor(int status) => status is 400 or 409 ? StatusCodes.Status422UnprocessableEntity : status;

    public override object Body(int status, string message, IDictionary<string, string[]>? fields)
    {
        var code = status switch
        {
            400 or 422 => "invalid_input",
            404 => "not_found",
            409 => "not_connected",
            413 => "payload_too_large",
            415 => "unsupported_media_type",
            503 => "unavailable",
            _ => "error",
        };
        return new AshbyError(false, message, [code], new AshbyErrorInfo(code, message, fields is null ? null : new AshbyErrorFields(fields)));
    }

    public override void Document(OpenApiResponses responses)
    {
        foreach (var status in Refused.Where(responses.ContainsKey))
        {
            responses.Remove(status);
            responses.TryAdd("422", new OpenApiResponse
            {
                Description = "Refused: a bad body, an unknown `assessment_type_id`, or a tenant that has not given its Ashby API key. `message` is shown to the user in Ashby.",
            });
        }
    }

    public override string SchemaName => "AshbyError";

    public override OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "A refusal, as Ashby reads one: `message` is shown to the Ashby user; `errorInfo.meta.fields` names each field to blame.",
        Required = new HashSet<string> { "success", "message", "errors", "errorInfo" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["success"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Always false." },
            ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What is wrong and what to do." },
            ["errors"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String }, Description = "The error code." },
            ["errorInfo"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "code", "message" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["code"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["message"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["meta"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["fields"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                            },
                        },
                    },
                },
            },
        },
        Examples = [new JsonObject
        {
            ["success"] = false,
            ["message"] = "candidate.email: 'email' is not an email address.",
            ["errors"] = new JsonArray("invalid_input"),
            ["errorInfo"] = new JsonObject
            {
                ["code"] = "invalid_input",
                ["message"] = "candidate.email: 'email' is not an email address.",
                ["meta"] = new JsonObject { ["fields"] = new JsonObject { ["candidate.email"] = new JsonArray("'email' is not an email address.") } },
            },
        }],
    };
}
