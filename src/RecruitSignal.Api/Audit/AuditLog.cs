using System.Security.Claims;
using Dapper;
using Npgsql;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Audit;

/// <summary>
/// Appends to a tenant's chain inside the caller's transaction, so an action and its entry are stored
/// together or not at all. A per-tenant advisory lock, held until commit, serialises appends of one
/// tenant so that two requests can never both extend the same entry (a fork); tenants never wait on each other.
/// </summary>
public sealed class AuditLog(TimeProvider clock)
{
    // Any constant no other code uses as the first key of a two-key advisory lock ("Audt").
    private const int LockClass = 0x41756474;

    // Held until commit, so callers append as late as they can (after their own writes) to keep a
    // tenant's transactions waiting on each other briefly. The head must be read by a statement that
    // starts after the lock is granted: a statement's snapshot is taken when it starts, so reading the
    // head in the locking statement would see a head that a transaction committed meanwhile replaced.
    private const string LockSql = "select pg_advisory_xact_lock(@lockClass, hashtext(@tenantId::text))";

    private const string HeadSql = "select seq, hash from audit_log where tenant_id = @tenantId order by seq desc limit 1";

    private const string InsertSql = """
        insert into audit_log (tenant_id, seq, at, api_key_id, action, target_type, target_id, prev_hash, hash)
        select @tenantId, e.seq, @at, @apiKeyId, e.action, e.target_type, e.target_id, e.prev_hash, e.hash
        from unnest(@seqs, @actions, @targetTypes, @targetIds, @prevHashes, @hashes)
            as e(seq, action, target_type, target_id, prev_hash, hash)
        """;

    // One entry, chained by PostgreSQL itself: the same canonical text and SHA-256 as AuditChain, so
    // the verifier checks it like any other. Sent in one round trip after the lock statement; being a
    // statement of its own, it reads the head with a snapshot taken once the lock is held.
    private const string AppendOneSql = """
        insert into audit_log (tenant_id, seq, at, api_key_id, action, target_type, target_id, prev_hash, hash)
        select @tenantId, head.seq + 1, @at, @apiKeyId, @action, @targetType, @targetId, head.hash,
            sha256(head.hash || convert_to(concat_ws(E'\n', 'audit-v1', @tenantId::text, (head.seq + 1)::text,
                to_char(@at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), coalesce(@apiKeyId::text, ''),
                @action, @targetType, @targetId), 'UTF8'))
        from (
            select coalesce(last.seq, 0) as seq, coalesce(last.hash, @genesis) as hash
            from (select 1) one
            left join lateral (select seq, hash from audit_log where tenant_id = @tenantId order by seq desc limit 1) last on true
        ) head
        """;

    /// <summary>Appends one entry in a single round trip (lock and chained insert together).</summary>
    public async Task AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid? apiKeyId, AuditEvent audited, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(LockSql) { Parameters = { new("lockClass", LockClass), new("tenantId", tenantId) } },
                new NpgsqlBatchCommand(AppendOneSql)
                {
                    Parameters =
                    {
                        new("tenantId", tenantId),
                        new("at", now.AddTicks(-(now.Ticks % 10))),
                        new("apiKeyId", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)apiKeyId ?? DBNull.Value },
                        new("action", WireName.Of(audited.Action)),
                        new("targetType", WireName.Of(audited.TargetType)),
                        new("targetId", audited.TargetId),
                        new("genesis", AuditChain.Genesis),
                    },
                },
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Appends the events in order, in one statement whatever their number (a batch screening).</summary>
    public async Task AppendManyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid? apiKeyId, IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(LockSql, new { lockClass = LockClass, tenantId }, transaction, cancellationToken: ct));
        var head = await connection.QuerySingleOrDefaultAsync<(long? Seq, byte[]? Hash)>(
            new CommandDefinition(HeadSql, new { tenantId }, transaction, cancellationToken: ct));
        var now = clock.GetUtcNow().UtcDateTime;
        var at = now.AddTicks(-(now.Ticks % 10)); // PostgreSQL keeps microseconds: hash what is stored
        var (seq, prevHash) = (head.Seq ?? 0, head.Hash ?? AuditChain.Genesis);
        var entries = new List<AuditEntryRow>(events.Count);
        foreach (var audited in events)
        {
            var entry = AuditChain.Next(tenantId, seq, prevHash, at, apiKeyId, audited);
            entries.Add(entry);
            (seq, prevHash) = (entry.Seq, entry.Hash);
        }

        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            tenantId,
            at,
            apiKeyId,
            seqs = entries.Select(e => e.Seq).ToArray(),
            actions = entries.Select(e => e.Action).ToArray(),
            targetTypes = entries.Select(e => e.TargetType).ToArray(),
            targetIds = entries.Select(e => e.TargetId).ToArray(),
            prevHashes = entries.Select(e => e.PrevHash).ToArray(),
            hashes = entries.Select(e => e.Hash).ToArray(),
        }, transaction, cancellationToken: ct));
    }

    /// <summary>Appends in a transaction of its own, for actions that write nothing else (an export).</summary>
    public async Task AppendAsync(NpgsqlDataSource dataSource, Guid tenantId, Guid? apiKeyId, AuditEvent audited, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await AppendAsync(connection, transaction, tenantId, apiKeyId, audited, ct);
        await transaction.CommitAsync(ct);
    }
}

public static class AuditClaims
{
    /// <summary>The id of the API key that made the request, recorded as the actor of audit entries.</summary>
    public static Guid? ApiKeyId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ApiKeyAuthentication.KeyClaim), out var id) ? id : null;
}
