using System.Text.Json;
using Dapper;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;
using RecruitSignal.Policies;
using RecruitSignal.Scoring;
using RecruitSignal.Webhooks;
using RecruitSignal.Presence;

namespace RecruitSignal.Lookups;

/// <summary>
/// The one place where a pending assessment finishes: completed with its observation and score, or
/// failed with a reason. Both run inside the caller's transaction, and announce the finished assessment
/// (assessment.completed / assessment.failed) on the webhook outbox in that same transaction.
/// </summary>
public sealed class AssessmentCompletion(WebhookOutbox outbox, AssessmentQueries assessments, PolicyStore policies)
{
    private const string PolicySql = "select policy_version, handle_ownership from assessments where tenant_id = @tenantId and id = @assessmentId";

    private const string CompleteSql = """
        update assessments set
            status = 'completed', observation_id = @observationId, presence_tier = @tier,
            active_professional_presence = @active, score = @score, band = @band, factors = @factors::jsonb,
            reason_codes = @reasonCodes, assessed_at = @assessedAt
        where tenant_id = @tenantId and id = @assessmentId and status = 'pending'
        """;

    private const string FailSql = """
        update assessments set
            status = 'failed', failure_reason = @reason,
            reason_codes = array_replace(array_replace(reason_codes, @pending, @reasonCode), @exhausted, @reasonCode)
        where tenant_id = @tenantId and id = any(@assessmentIds) and status in ('pending', 'budget_exhausted')
        returning id
        """;

    /// <summary>Scores the observation with the assessment's policy and completes the assessment; false if it was no longer pending.</summary>
    public async Task<bool> CompleteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid assessmentId,
        Guid observationId, PresenceObservation observation, bool hasRelevanceTerms, CancellationToken ct)
    {
        // The policy chosen when the screening was made, not whatever is active when X answers.
        var stored = await connection.QuerySingleOrDefaultAsync<(string PolicyVersion, string? HandleOwnership)?>(
            new CommandDefinition(PolicySql, new { tenantId, assessmentId }, transaction, cancellationToken: ct));
        var policy = stored is { } found ? await policies.FindAsync(transaction, tenantId, found.PolicyVersion, ct) : null;
        if (policy is null)
        {
            return false; // erased meanwhile: nothing to complete
        }

        var ownership = stored!.Value.HandleOwnership is { } name ? WireName.Parse<HandleOwnership>(name) : HandleOwnership.Ats;
        var result = ScoringEngine.Score(new ScoringInput(true, observation.ToEvidence(), hasRelevanceTerms, ownership), policy);
        return await CompleteAsync(connection, transaction, tenantId, assessmentId, observationId, result, observation.ObservedAt, ct);
    }

    /// <summary>Completes a pending assessment with a result already scored (a multi-network assessment's); false if it was no longer pending.</summary>
    public async Task<bool> CompleteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid assessmentId,
        Guid? observationId, ScoringResult result, DateTimeOffset assessedAt, CancellationToken ct)
    {
        var updated = await connection.ExecuteAsync(new CommandDefinition(CompleteSql, new
        {
            tenantId,
            assessmentId,
            observationId,
            tier = WireName.Of(result.Tier),
            active = result.ActiveProfessionalPresence,
            score = result.Score,
            band = WireName.Of(result.Band),
            factors = JsonSerializer.Serialize(result.Factors, Json.Options),
            reasonCodes = result.ReasonCodes.ToArray(),
            assessedAt = assessedAt.UtcDateTime,
        }, transaction, cancellationToken: ct));
        if (updated == 1)
        {
            await AnnounceAsync(transaction, tenantId, WebhookEvents.AssessmentCompleted, [assessmentId], ct);
        }

        return updated == 1;
    }

    /// <summary>Fails pending assessments: they stay unverified, with the reason and a reason code in place of LOOKUP_PENDING.</summary>
    public async Task FailAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, IReadOnlyCollection<Guid> assessmentIds,
        string reason, string reasonCode, CancellationToken ct)
    {
        if (assessmentIds.Count == 0)
        {
            return;
        }

        var failed = await connection.QueryAsync<Guid>(new CommandDefinition(FailSql, new
        {
            tenantId, assessmentIds = assessmentIds.ToArray(), reason, pending = ReasonCodes.LookupPending,
            exhausted = ReasonCodes.XReadBudgetExhausted, reasonCode,
        }, transaction, cancellationToken: ct));
        await AnnounceAsync(transaction, tenantId, WebhookEvents.AssessmentFailed, failed.ToList(), ct);
    }

    /// <summary>The finished assessments as events on the webhook outbox, in the same transaction as the change.</summary>
    private async Task AnnounceAsync(NpgsqlTransaction transaction, Guid tenantId, string type, List<Guid> ids, CancellationToken ct)
    {
        var finished = new List<AssessmentResponse>(ids.Count);
        foreach (var id in ids)
        {
            finished.Add((await assessments.FindAsync(transaction, tenantId, id, ct))!);
        }

        await outbox.EnqueueAsync(transaction, tenantId, type, finished, ct);
    }
}
