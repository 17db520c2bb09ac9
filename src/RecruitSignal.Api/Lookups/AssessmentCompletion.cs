using System.Text.Json;
using Dapper;
using Npgsql;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;
using RecruitSignal.XApi;

namespace RecruitSignal.Lookups;

/// <summary>
/// The one place where a pending assessment finishes: completed with its observation and score, or
/// failed with a reason. Both run inside the caller's transaction, so an event announcing the
/// finished assessment (webhooks) belongs here, written in that same transaction.
/// </summary>
public sealed class AssessmentCompletion
{
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
            reason_codes = array_replace(reason_codes, @pending, @reasonCode)
        where tenant_id = @tenantId and id = any(@assessmentIds) and status = 'pending'
        """;

    /// <summary>Scores the observation with the assessment's policy and completes the assessment; false if it was no longer pending.</summary>
    public async Task<bool> CompleteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid assessmentId,
        Guid observationId, XObservation observation, bool hasRelevanceTerms, CancellationToken ct)
    {
        var result = ScoringEngine.Score(new ScoringInput(true, observation.ToEvidence(), hasRelevanceTerms), ScoringPolicy.Default);
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
            assessedAt = observation.ObservedAt.UtcDateTime,
        }, transaction, cancellationToken: ct));
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

        await connection.ExecuteAsync(new CommandDefinition(FailSql, new
        {
            tenantId, assessmentIds = assessmentIds.ToArray(), reason, pending = ReasonCodes.LookupPending, reasonCode,
        }, transaction, cancellationToken: ct));
    }
}
