using Dapper;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Privacy;

public enum ErasureReason { Request, Retention }

/// <summary>
/// Erases a candidate and everything held about them, leaving a tombstone with no personal data: the
/// service's own random candidate id, why, and when. The one code path for an erasure request and for
/// the retention purge.
/// </summary>
public sealed class CandidateErasure(AuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// Every table holding rows about a candidate, children before parents, run as one batch. A table that
    /// gains a candidate reference (webhook events and deliveries, idempotency keys, consents, lookup jobs...)
    /// must get its DELETE here; the erasure test scans every table of the schema and will fail until it does.
    /// </summary>
    public static IReadOnlyList<string> DeleteStatements { get; } =
    [
        // Webhook events carry the assessment they announce (external id, handle); their deliveries and
        // attempts go with them. Found by the candidate's id in the event body, as the outbox stores it.
        """
        delete from webhook_deliveries where tenant_id = @tenantId and event_id in (
            select id from webhook_events where tenant_id = @tenantId and strpos(body, @candidateIdText) > 0)
        """,
        "delete from webhook_events where tenant_id = @tenantId and strpos(body, @candidateIdText) > 0",
        // A stored idempotent answer holds the assessment too. Erasing it means a retry of that exact
        // request after the erasure would run again, which is what a new screening would do anyway.
        "delete from idempotency_keys where tenant_id = @tenantId and position(convert_to(@candidateIdText, 'UTF8') in response_body) > 0",
        // Report links to the candidate's assessments, and the orders ATSs placed for the candidate (with what Greenhouse
        // reported about them, the result outbox and the credential kept for it), before the invitations they point to.
        """
        delete from report_links where tenant_id = @tenantId and assessment_id in (
            select id from assessments where tenant_id = @tenantId and candidate_id = @candidateId)
        """,
        """
        delete from greenhouse_response_errors where tenant_id = @tenantId and partner_interview_id in (
            select id::text from ats_orders where tenant_id = @tenantId and candidate_id = @candidateId)
        """,
        """
        delete from ats_callbacks where tenant_id = @tenantId and order_id in (
            select id from ats_orders where tenant_id = @tenantId and candidate_id = @candidateId)
        """,
        "delete from ats_orders where tenant_id = @tenantId and candidate_id = @candidateId",
        // Invitations, their email (recipient) and sign-ins in flight; before assessments, which they point to.
        """
        delete from invitation_oauth_states where tenant_id = @tenantId and invitation_id in (
            select id from candidate_invitations where tenant_id = @tenantId and candidate_id = @candidateId)
        """,
        """
        delete from invitation_emails where tenant_id = @tenantId and invitation_id in (
            select id from candidate_invitations where tenant_id = @tenantId and candidate_id = @candidateId)
        """,
        "delete from candidate_invitations where tenant_id = @tenantId and candidate_id = @candidateId",
        "delete from presence_lookup_jobs where tenant_id = @tenantId and candidate_id = @candidateId",
        "delete from candidate_consents where tenant_id = @tenantId and candidate_id = @candidateId",
        "delete from candidate_demographics where tenant_id = @tenantId and candidate_id = @candidateId",
        "delete from assessment_reviews where tenant_id = @tenantId and candidate_id = @candidateId",
        // Their earlier changes go; at COMMIT the candidate's deletion adds the one change that says they are gone.
        """
        delete from changes where tenant_id = @tenantId and (entity_id = @candidateId or entity_id in (
            select id from assessments where tenant_id = @tenantId and candidate_id = @candidateId))
        """,
        "delete from assessments where tenant_id = @tenantId and candidate_id = @candidateId",
        "delete from presence_observations where tenant_id = @tenantId and candidate_id = @candidateId",
        "delete from candidates where tenant_id = @tenantId and id = @candidateId",
    ];

    private static readonly string DeleteBatch = string.Join(";\n", DeleteStatements);

    // Locking the candidate first makes a concurrent screening, rescore or review of them wait for the
    // erasure instead of adding a row half-way through it.
    private const string LockSql = "select id from candidates where tenant_id = @tenantId and id = @candidateId for update";

    private const string TombstoneSql = """
        insert into candidate_erasures (tenant_id, candidate_id, reason, erased_at)
        values (@tenantId, @candidateId, @reason, @now)
        on conflict (tenant_id, candidate_id) do nothing
        """;

    private const string ErasedSql = "select exists (select 1 from candidate_erasures where tenant_id = @tenantId and candidate_id = @candidateId)";

    /// <summary>Erases inside the caller's transaction; false when the tenant holds no such candidate.</summary>
    public async Task<bool> EraseAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid candidateId, ErasureReason reason, Guid? apiKeyId, CancellationToken ct)
    {
        var args = new { tenantId, candidateId, candidateIdText = candidateId.ToString("D"), reason = WireName.Of(reason), now = clock.GetUtcNow() };
        if (await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(LockSql, args, transaction, cancellationToken: ct)) is null)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(DeleteBatch, args, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(TombstoneSql, args, transaction, cancellationToken: ct));
        var action = reason == ErasureReason.Retention ? AuditAction.CandidatePurged : AuditAction.CandidateErased;
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, AuditEvent.Of(action, AuditTarget.Candidate, candidateId), ct);
        return true;
    }

    public static Task<bool> WasErasedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid candidateId, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(ErasedSql, new { tenantId, candidateId }, transaction, cancellationToken: ct));
}
