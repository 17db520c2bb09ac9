using Dapper;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;

namespace RecruitSignal.Invitations;

public enum CancelOutcome { Cancelled, NotFound, AlreadyEnded }

/// <summary>Reads and ends invitations for the API, always within one tenant.</summary>
public sealed class InvitationStore(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock)
{
    /// <summary>An invitation still waiting past its expiry reads as expired, whoever reads it (no sweep needed).</summary>
    public const string EffectiveStatus = "case when i.status in ('pending', 'opened') and i.expires_at <= @now then 'expired' else i.status end";

    private const string ByIdSql = $"""
        select i.id, i.candidate_id, {EffectiveStatus} as status, i.language, i.expires_at, i.created_at, i.opened_at, i.answered_at,
            i.outcome, i.assessment_id, i.withdrawn_at, i.cancelled_at,
            e.status as email_status, e.attempts as email_attempts, e.sent_at as email_sent_at, e.last_error as email_last_error
        from candidate_invitations i
        left join invitation_emails e on e.tenant_id = i.tenant_id and e.invitation_id = i.id
        where i.tenant_id = @tenantId and i.id = @id
        """;

    // Ending an invitation also drops the link its unsent email holds and any sign-in in flight.
    private const string CancelSql = """
        with cancelled as (
            update candidate_invitations set status = 'cancelled', cancelled_at = @now, updated_at = @now
            where tenant_id = @tenantId and id = @id and status in ('pending', 'opened') and expires_at > @now
            returning id
        ),
        email as (
            update invitation_emails set status = 'cancelled', protected_link = null, updated_at = @now
            where tenant_id = @tenantId and invitation_id in (select id from cancelled) and status = 'pending'
        ),
        states as (
            delete from invitation_oauth_states where tenant_id = @tenantId and invitation_id in (select id from cancelled)
        )
        select
            (select count(*) from cancelled) as cancelled,
            (select status from candidate_invitations where tenant_id = @tenantId and id = @id) as status
        """;

    public async Task<InvitationResponse?> FindAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<InvitationRow>(
            new CommandDefinition(ByIdSql, new { tenantId, id, now = clock.GetUtcNow() }, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var networks = await NetworksAsync(connection, null, tenantId, [id], ct);
        return row.ToResponse() with { Networks = networks.TryGetValue(id, out var given) ? given : [] };
    }

    private const string NetworksSql = """
        select invitation_id, network, handle, ownership, subject, verified_at, added_at, withdrawn_at from invitation_networks
        where tenant_id = @tenantId and invitation_id = any(@invitationIds)
        order by invitation_id, case network when 'bluesky' then 1 else 2 end
        """;

    /// <summary>The networks given through each of <paramref name="invitationIds"/> (the API's answer and the candidate's export).</summary>
    public static async Task<Dictionary<Guid, List<InvitationNetworkResponse>>> NetworksAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, Guid[] invitationIds, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<(Guid InvitationId, string Network, string Handle, string Ownership, string? Subject, DateTime? VerifiedAt, DateTime AddedAt, DateTime? WithdrawnAt)>(
            new CommandDefinition(NetworksSql, new { tenantId, invitationIds }, transaction, cancellationToken: ct));
        return rows.GroupBy(r => r.InvitationId).ToDictionary(g => g.Key, g => g.Select(r => new InvitationNetworkResponse(
            r.Network, r.Handle, WireName.Parse<HandleOwnership>(r.Ownership), r.Subject, Utc(r.VerifiedAt), Utc(r.AddedAt), Utc(r.WithdrawnAt))).ToList());
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;

    /// <summary>Cancels a pending or opened invitation; a second cancel is a no-op that still answers Cancelled.</summary>
    public async Task<CancelOutcome> CancelAsync(Guid tenantId, Guid? apiKeyId, Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (cancelled, status) = await connection.QuerySingleAsync<(long Cancelled, string? Status)>(
            new CommandDefinition(CancelSql, new { tenantId, id, now = clock.GetUtcNow() }, transaction, cancellationToken: ct));
        if (cancelled == 1)
        {
            await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, AuditEvent.Of(AuditAction.InvitationCancelled, AuditTarget.Invitation, id), ct);
        }

        await transaction.CommitAsync(ct);
        return cancelled == 1 || status == "cancelled" ? CancelOutcome.Cancelled
            : status is null ? CancelOutcome.NotFound
            : CancelOutcome.AlreadyEnded;
    }

    private sealed record InvitationRow
    {
        public Guid Id { get; init; }
        public Guid CandidateId { get; init; }
        public required string Status { get; init; }
        public required string Language { get; init; }
        public DateTime ExpiresAt { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? OpenedAt { get; init; }
        public DateTime? AnsweredAt { get; init; }
        public string? Outcome { get; init; }
        public Guid? AssessmentId { get; init; }
        public DateTime? WithdrawnAt { get; init; }
        public DateTime? CancelledAt { get; init; }
        public string? EmailStatus { get; init; }
        public int? EmailAttempts { get; init; }
        public DateTime? EmailSentAt { get; init; }
        public string? EmailLastError { get; init; }

        public InvitationResponse ToResponse() => new(
            Id, CandidateId, WireName.Parse<InvitationStatus>(Status), Language, Utc(ExpiresAt), Utc(CreatedAt), Utc(OpenedAt), Utc(AnsweredAt),
            Outcome is null ? null : WireName.Parse<InvitationOutcome>(Outcome), AssessmentId, Utc(WithdrawnAt), Utc(CancelledAt),
            EmailStatus is null ? null : new InvitationEmailDelivery(EmailStatus, EmailAttempts ?? 0, Utc(EmailSentAt), EmailLastError));
    }
}
