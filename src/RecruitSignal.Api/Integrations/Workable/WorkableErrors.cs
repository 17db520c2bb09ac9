using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;

namespace RecruitSignal.Integrations.Workable;

/// <summary>A refusal, as Workable is answered: one line for the person reading Workable's integration log, and the fields to blame.</summary>
/// <param name="Error">What is wrong and what to do, in one line.</param>
/// <param name="Errors">The messages of each field by its JSON path (<c>candidate.email</c>), when a field is to blame.</param>
public sealed record WorkableError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("errors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IDictionary<string, string[]>? Errors);

/// <summary>
/// Workable's provider contract (https://workable.readme.io/page/assessment-providers) gives a status but no error body,
/// so a refusal is plain JSON, <c>{"error": "...", "errors": {...}}</c>, not an RFC 9457 problem, with the status the
/// rest of the service would answer (400, 404, 409, 413, 503).
/// </summary>
public sealed class WorkableErrorShape : AtsErrorShape
{
    public static WorkableErrorShape Instance { get; } = new();

    public override string PathPrefix => "/integrations/workable/";

    public override object Body(int status, string message, IDictionary<string, string[]>? fields) => new WorkableError(message, fields);

    public override string SchemaName => "WorkableError";

    public override OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "A refusal, as Workable is answered: `error` is one line to read, `errors` names each field to blame by its JSON path.",
        Required = new HashSet<string> { "error" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["error"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What is wrong and what to do." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Messages by the JSON path of the field they are about.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
        Examples = [new JsonObject
        {
            ["error"] = "candidate.email: 'email' is not an email address.",
            ["errors"] = new JsonObject { ["candidate.email"] = new JsonArray("'email' is not an email address.") },
        }],
    };
}
