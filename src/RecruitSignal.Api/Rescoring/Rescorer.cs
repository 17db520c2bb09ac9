using System.Text.Json;
using Dapper;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;

namespace RecruitSignal.Rescoring;

/// <summary>
/// Scores an assessment's stored evidence again, with any policy, into a NEW assessment of the same
/// candidate and observation. Nothing is overwritten: the old assessment stays as it was.
/// </summary>
public sealed class Rescorer(AuditLog audit, TimeProvider clock)
{
    private const string InsertSql = """
        insert into assessments (
            tenant_id, id, candidate_id, observation_id, policy_version, status, handle, handle_ownership, presence_tier,
            active_professional_presence, score, band, factors, reason_codes, relevance_terms,
            job_external_id, assessed_at, created_at)
        values (
            @tenantId, @Id, @CandidateId, @ObservationId, @PolicyVersion, @Status, @Handle, @HandleOwnership, @PresenceTier,
            @ActiveProfessionalPresence, @Score, @Band, @Factors::jsonb, @ReasonCodes, @RelevanceTerms,
            @JobExternalId, @AssessedAt, @CreatedAt)
        """;

    /// <summary>What the engine saw when the assessment was made, read back from what was stored.</summary>
    public static ScoringInput StoredInput(AssessmentResponse stored)
    {
        var e = stored.Evidence;
        var evidence = e is null ? null : new Evidence(
            e.Status, e.ObservedAt, e.WindowDays, e.OriginalPosts ?? 0, e.Replies ?? 0, e.Reposts ?? 0,
            e.RelevantOriginalPosts ?? 0, e.LastAuthoredPostAt, e.BioMatchedTerms.Count > 0);
        return new ScoringInput(stored.Handle is not null, evidence, stored.RelevanceTerms.Count > 0, stored.Handle?.Ownership, StatementOf(stored));
    }

    // What the candidate said on the candidate page is kept as a reason code, so a rescore keeps it.
    private static CandidateStatement? StatementOf(AssessmentResponse stored) =>
        stored.ReasonCodes.Contains(ReasonCodes.CandidateDeclined) ? CandidateStatement.Declined
        : stored.ReasonCodes.Contains(ReasonCodes.CandidateStatedNoAccount) ? CandidateStatement.NoAccount
        : null;

    /// <summary>Inserts the new assessment and its audit entry in the caller's transaction and returns its id.</summary>
    public async Task<Guid> RescoreAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid? apiKeyId,
        AssessmentResponse stored, ScoringPolicy policy, CancellationToken ct)
    {
        var result = ScoringEngine.Score(StoredInput(stored), policy);
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            tenantId,
            Id = id,
            stored.CandidateId,
            ObservationId = stored.Evidence?.Id,
            result.PolicyVersion,
            Status = WireName.Of(stored.Status),
            Handle = stored.Handle?.Username,
            HandleOwnership = stored.Handle is { } handle ? WireName.Of(handle.Ownership) : null,
            PresenceTier = WireName.Of(result.Tier),
            result.ActiveProfessionalPresence,
            result.Score,
            Band = WireName.Of(result.Band),
            Factors = JsonSerializer.Serialize(result.Factors, Json.Options),
            ReasonCodes = result.ReasonCodes.ToArray(),
            RelevanceTerms = stored.RelevanceTerms.ToArray(),
            stored.JobExternalId,
            AssessedAt = stored.AssessedAt.UtcDateTime,
            CreatedAt = now.AddTicks(-(now.Ticks % 10)),
        }, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, AuditEvent.Of(AuditAction.AssessmentRescored, AuditTarget.Assessment, id), ct);
        return id;
    }
}
