using System.Text.Json;
using RecruitSignal.Infrastructure;
using RecruitSignal.Reviews;
using RecruitSignal.Scoring;

namespace RecruitSignal.Assessments;

/// <summary>An assessment as stored, joined with its candidate's external id and its observation.</summary>
public sealed record AssessmentRow : JoinedObservationColumns
{
    public Guid Id { get; init; }
    public Guid CandidateId { get; init; }
    public required string ExternalId { get; init; }
    public required string Status { get; init; }
    public string? Handle { get; init; }
    public string? HandleOwnership { get; init; }
    public required string PresenceTier { get; init; }
    public bool ActiveProfessionalPresence { get; init; }
    public int? Score { get; init; }
    public required string Band { get; init; }
    /// <summary>The factors as stored (jsonb read as text).</summary>
    public string Factors { get; init; } = "";

    /// <summary>The factors to store, serialized once as UTF-8 JSON (written, never read back).</summary>
    public byte[]? FactorsJson { get; init; }
    public required string[] ReasonCodes { get; init; }
    public required string PolicyVersion { get; init; }
    public required string[] RelevanceTerms { get; init; }
    public string? JobExternalId { get; init; }
    public DateTime AssessedAt { get; init; }
    public long? ListPosition { get; init; } // read by the listing only
    public DateTime CreatedAt { get; init; }
    public string? FailureReason { get; init; }

    public Guid? ReviewId { get; init; }
    public string? ReviewDecision { get; init; }
    public string? ReviewReviewer { get; init; }
    public string? ReviewNote { get; init; }
    public string? ReviewOverrideBand { get; init; }
    public DateTime? ReviewedAt { get; init; }

    /// <summary>The columns above, for queries that join assessments a, candidates c and presence_observations o.</summary>
    public const string Columns = """
        a.id, a.candidate_id, c.external_id, a.status, a.handle, a.handle_ownership, a.presence_tier, a.active_professional_presence,
        a.score, a.band, a.factors::text as factors, a.reason_codes, a.policy_version, a.relevance_terms,
        a.job_external_id, a.assessed_at, a.created_at, a.failure_reason,
        o.id as observation_id, o.source, o.status as observation_status, o.observed_at, o.window_days,
        o.original_posts, o.replies, o.reposts, o.relevant_original_posts, o.last_authored_post_at,
        o.followers, o.account_created_at, o.bio_matched_terms,
        r.id as review_id, r.decision as review_decision, r.reviewer as review_reviewer, r.note as review_note,
        r.override_band as review_override_band, r.created_at as reviewed_at
        """;

    public const string From = """
        assessments a
        join candidates c on c.tenant_id = a.tenant_id and c.id = a.candidate_id
        left join presence_observations o on o.tenant_id = a.tenant_id and o.id = a.observation_id
        left join lateral (
            select lr.id, lr.decision, lr.reviewer, lr.note, lr.override_band, lr.created_at from assessment_reviews lr
            where lr.tenant_id = a.tenant_id and lr.assessment_id = a.id
            order by lr.created_at desc, lr.id desc
            limit 1
        ) r on true
        """;

    /// <param name="factors">The factors when the caller has them (a write): the stored JSON is then not parsed back.</param>
    public AssessmentResponse ToResponse(IReadOnlyList<FactorResult>? factors = null) => new(
        Id,
        CandidateId,
        ExternalId,
        WireName.Parse<AssessmentStatus>(Status),
        Handle is null ? null : new AssessmentHandle(Handle, WireName.Parse<HandleOwnership>(HandleOwnership!)),
        WireName.Parse<PresenceTier>(PresenceTier),
        ActiveProfessionalPresence,
        Score,
        WireName.Parse<Band>(Band),
        factors ?? JsonSerializer.Deserialize<List<FactorResult>>(Factors, Json.Options) ?? [],
        ReasonCodes,
        PolicyVersion,
        RelevanceTerms,
        JobExternalId,
        JoinedEvidence,
        Utc(AssessedAt),
        Utc(CreatedAt),
        FailureReason,
        ReviewDecision is null ? ReviewState.Unreviewed : WireName.Parse<ReviewState>(ReviewDecision),
        ReviewId is { } reviewId ? LatestReview(reviewId) : null);

    private Review LatestReview(Guid reviewId) => new(
        reviewId,
        WireName.Parse<ReviewState>(ReviewDecision!),
        ReviewReviewer,
        ReviewNote,
        ReviewOverrideBand is null ? null : WireName.Parse<Band>(ReviewOverrideBand),
        Utc(ReviewedAt!.Value));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
