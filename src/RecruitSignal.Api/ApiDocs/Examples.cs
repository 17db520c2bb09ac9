using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RecruitSignal.Assessments;
using RecruitSignal.Candidates;
using RecruitSignal.Consent;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;
using RecruitSignal.Screenings;

namespace RecruitSignal.ApiDocs;

/// <summary>Request and response examples for the OpenAPI document, computed by the real scoring code.</summary>
internal static class Examples
{
    private static readonly DateTimeOffset ObservedAt = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    public static ScreeningRequest Screening { get; } = new(
        new CandidateProfile("gh-48213", "Camille Martin", "camille.martin@example.com",
            "Platform engineer, Kubernetes and observability", "https://x.com/camille_m"),
        new JobProfile("job-771", "Senior Platform Engineer", ["kubernetes", "observability", "platform engineering"]),
        new DeclaredEvidence("declared", "found", ObservedAt, 90, OriginalPosts: 14, Replies: 22, Reposts: 9,
            LastAuthoredPostAt: ObservedAt.AddDays(-2), Followers: 1830, AccountCreatedAt: new DateTimeOffset(2014, 5, 2, 0, 0, 0, TimeSpan.Zero),
            Bio: "Platform engineer. Kubernetes, observability, trail running.", RelevantOriginalPosts: 6));

    public static AssessmentResponse Assessment { get; } = ScoreExample();

    public static CandidateResponse Candidate { get; } = new(
        Assessment.CandidateId, "gh-48213", "Camille Martin", "camille.martin@example.com",
        "Platform engineer, Kubernetes and observability", "camille_m", ObservedAt.AddMinutes(1), ObservedAt.AddMinutes(1), Assessment);

    public static ConsentRequest Consent { get; } = new(true, ObservedAt.AddDays(-3), "privacy-notice-2026-01", "ats_form");

    public static ConsentResponse ConsentRecorded { get; } = new(
        Guid.Parse("019ab3f2-7c41-7a10-9d2e-5b7f3c9e1b77"), Guid.Parse("019ab3f2-7c41-7a10-9d2e-5b7f3c9e1a04"),
        true, ObservedAt.AddDays(-3), "privacy-notice-2026-01", "ats_form", ObservedAt.AddMinutes(1), CancelledLookups: 0);

    private static AssessmentResponse ScoreExample()
    {
        var screening = Screenings.Screening.From(Screening, ScoringPolicy.Default, ObservedAt);
        var row = ScreeningStore.ToRow(screening, ObservedAt.AddMinutes(1));
        return (row with { CandidateId = Guid.Parse("019ab3f2-7c41-7a10-9d2e-5b7f3c9e1a04") }).ToResponse();
    }

    public static Task AddToSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        object? example = context.JsonTypeInfo.Type switch
        {
            var t when t == typeof(ScreeningRequest) => Screening,
            var t when t == typeof(AssessmentResponse) => Assessment,
            var t when t == typeof(CandidateResponse) => Candidate,
            var t when t == typeof(ConsentRequest) => Consent,
            var t when t == typeof(ConsentResponse) => ConsentRecorded,
            _ => null,
        };
        if (example is not null)
        {
            schema.Examples = [JsonSerializer.SerializeToNode(example, Json.Options)!];
        }

        return Task.CompletedTask;
    }
}
