using Dapper;
using Npgsql;

namespace RecruitSignal.Audit;

/// <summary>
/// Purges audit entries older than their tenant's <c>audit_days</c> (default 3650, never under 183: EU AI Act Art 19)
/// without making the chain unverifiable. Only a prefix of a tenant's chain goes: the entries before the first one
/// still within the period. First the anchor moves to the last purged entry (its seq, and its hash, which the first
/// kept entry's prev_hash holds); then the entries at or under the anchor are deleted, which the table's trigger
/// allows only there; then the purge is itself audited. <see cref="AuditVerifier"/> starts from the anchor.
/// The chain's head is always kept, so the sealer keeps extending it as before.
/// </summary>
public sealed partial class AuditRetention(NpgsqlDataSource dataSource, AuditLog audit, ILogger<AuditRetention> logger)
{
    public const int DefaultDays = 3650;

    /// <summary>At most this many entries of a tenant per transaction, so a first purge of years of entries stays short.</summary>
    public const int BatchSize = 10_000;

    // One probe of the chain key per tenant: is the oldest entry still held older than the tenant's period?
    private const string DueSql = """
        select t.id as tenant_id, @now - make_interval(days => coalesce(s.audit_days, @defaultDays)) as cutoff
        from tenants t
        left join tenant_settings s on s.tenant_id = t.id
        where (select l.at from audit_log l where l.tenant_id = t.id and l.seq is not null order by l.seq limit 1)
              < @now - make_interval(days => coalesce(s.audit_days, @defaultDays))
        """;

    // The first entry kept: the oldest within the period, or the head, or the one a batch away from the oldest held,
    // whichever comes first. Reads only the entries about to go (the chain key, in seq order).
    private const string FirstKeptSql = """
        with held as (
            select min(seq) as oldest, max(seq) as head from audit_log where tenant_id = @tenantId and seq is not null
        )
        select l.seq, l.prev_hash from audit_log l, held h
        where l.tenant_id = @tenantId and l.seq is not null
          and (l.at >= @cutoff or l.seq = h.head or l.seq = h.oldest + @batchSize)
        order by l.seq
        limit 1
        """;

    // Forward only: a replica that purged the same entries first leaves nothing to do here.
    private const string MoveAnchorSql = """
        insert into audit_anchors (tenant_id, seq, hash, purged_at) values (@tenantId, @seq, @hash, @now)
        on conflict (tenant_id) do update set seq = excluded.seq, hash = excluded.hash, purged_at = excluded.purged_at
            where audit_anchors.seq < excluded.seq
        returning seq
        """;

    private const string DeleteSql = "delete from audit_log where tenant_id = @tenantId and seq is not null and seq <= @seq";

    /// <summary>Purges every tenant's entries that are past its period at <paramref name="now"/>; returns how many.</summary>
    public async Task<long> PurgeDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<(Guid TenantId, DateTime Cutoff)> due;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            due = (await connection.QueryAsync<(Guid, DateTime)>(new CommandDefinition(
                DueSql, new { now, defaultDays = DefaultDays }, cancellationToken: ct))).ToList();
        }

        long total = 0;
        foreach (var (tenantId, cutoff) in due)
        {
            long purged;
            do
            {
                purged = await PurgeBatchAsync(tenantId, new DateTimeOffset(DateTime.SpecifyKind(cutoff, DateTimeKind.Utc)), now, ct);
                total += purged;
            }
            while (purged == BatchSize);
        }

        if (total > 0)
        {
            LogPurged(logger, total, due.Count);
        }

        return total;
    }

    private async Task<long> PurgeBatchAsync(Guid tenantId, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var kept = await connection.QuerySingleOrDefaultAsync<(long Seq, byte[] PrevHash)?>(new CommandDefinition(
            FirstKeptSql, new { tenantId, cutoff, batchSize = BatchSize }, transaction, cancellationToken: ct));
        if (kept is not { Seq: > 1 } first)
        {
            return 0;
        }

        var anchor = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            MoveAnchorSql, new { tenantId, seq = first.Seq - 1, hash = first.PrevHash, now }, transaction, cancellationToken: ct));
        if (anchor is not { } lastPurged)
        {
            return 0;
        }

        var purged = await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { tenantId, seq = lastPurged }, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId: null,
            new AuditEvent(AuditAction.AuditEntriesPurged, AuditTarget.AuditLog, lastPurged.ToString(System.Globalization.CultureInfo.InvariantCulture)), ct);
        await transaction.CommitAsync(ct);
        return purged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit retention purged {Count} entries of {Tenants} tenants")]
    private static partial void LogPurged(ILogger logger, long count, int tenants);
}
