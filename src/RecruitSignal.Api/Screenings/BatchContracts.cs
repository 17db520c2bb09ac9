using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.Metadata;
using RecruitSignal.Assessments;
using RecruitSignal.Scoring;

namespace RecruitSignal.Screenings;

/// <summary>Up to 1,000 screenings (the configured cap) stored in one transaction.</summary>
/// <param name="Items">Each item is a screening request, validated on its own.</param>
public sealed record BatchScreeningRequest([property: Required] IReadOnlyList<ScreeningRequest?>? Items);

/// <summary>One result per item, in the order sent.</summary>
/// <param name="Stored">How many items were stored.</param>
/// <param name="Rejected">How many items were refused (nothing of them is stored).</param>
public sealed record BatchScreeningResponse(int Stored, int Rejected, IReadOnlyList<BatchItemResult> Items);

/// <summary>
/// An item's outcome, as the same request sent alone would answer: 201 with its assessment, 202 when the assessment
/// is pending on an X lookup, or 400 with its problem (errors keyed by the path inside the item).
/// </summary>
public sealed record BatchItemResult(int Index, int Status, AssessmentSummary? Assessment, BatchItemProblem? Problem);

/// <summary>The headline of an assessment; the whole of it is at <c>GET /v1/assessments/{id}</c>.</summary>
public sealed record AssessmentSummary(
    Guid Id, Guid CandidateId, string ExternalId, PresenceTier PresenceTier, bool ActiveProfessionalPresence, int? Score, Band Band)
{
    public static AssessmentSummary Of(AssessmentResponse a) =>
        new(a.Id, a.CandidateId, a.ExternalId, a.PresenceTier, a.ActiveProfessionalPresence, a.Score, a.Band);
}

/// <summary>Why an item was refused, as a validation problem.</summary>
public sealed record BatchItemProblem(string Title, int Status, IReadOnlyDictionary<string, string[]> Errors);

public sealed class BatchOptions
{
    public const string Section = "Screenings";

    /// <summary>Most items in one batch (environment: <c>Screenings__MaxBatchItems</c>).</summary>
    [Range(1, 10_000, ErrorMessage = "Screenings__MaxBatchItems must be from 1 to 10000 (default 1000).")]
    public int MaxBatchItems { get; set; } = 1000;

    /// <summary>Largest batch body in bytes (environment: <c>Screenings__MaxBatchBodyBytes</c>).</summary>
    [Range(65_536, 64L * 1024 * 1024, ErrorMessage = "Screenings__MaxBatchBodyBytes must be from 65536 to 67108864 (default 4194304).")]
    public long MaxBatchBodyBytes { get; set; } = 4 * 1024 * 1024;
}

/// <summary>A per-endpoint body cap, applied by routing before the body is read.</summary>
public sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
