using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RecruitSignal.ApiDocs;
using RecruitSignal.Infrastructure;
using RecruitSignal.Presence.X;

namespace RecruitSignal.Screenings;

/// <summary>The OpenAPI examples of the batch endpoint: two items, the second with an X link that is not a profile.</summary>
internal static class BatchExamples
{
    private const string BadTwitter = "https://x.com/home";

    public static BatchScreeningRequest Request { get; } = new(
    [
        Examples.Screening,
        Examples.Screening with { Candidate = Examples.Screening.Candidate! with { ExternalId = "gh-48214", Twitter = BadTwitter } },
    ]);

    public static BatchScreeningResponse Response { get; } = new(1, 1,
    [
        new BatchItemResult(0, StatusCodes.Status201Created, AssessmentSummary.Of(Examples.Assessment), null),
        new BatchItemResult(1, StatusCodes.Status400BadRequest, null, new BatchItemProblem("The item is not valid.", StatusCodes.Status400BadRequest,
            new Dictionary<string, string[]> { ["candidate.twitter"] = [XHandle.TryParse(BadTwitter, out _, out var error) ? "" : error] })),
    ]);

    public static Task AddToSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        object? example = context.JsonTypeInfo.Type switch
        {
            var t when t == typeof(BatchScreeningRequest) => Request,
            var t when t == typeof(BatchScreeningResponse) => Response,
            _ => null,
        };
        if (example is not null)
        {
            schema.Examples = [JsonSerializer.SerializeToNode(example, Json.Options)!];
        }

        return Task.CompletedTask;
    }
}
