using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Audit;

public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Seal committed entries in this process (environment: <c>Audit__SealerEnabled</c>); replicas take turns.</summary>
    public bool SealerEnabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Audit__SealInterval must be from 00:00:00.010 to 00:01:00 (default 00:00:00.250).")]
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>
/// Links committed audit entries into their tenant's hash chain. Entries are appended without a place
/// (<see cref="AuditLog"/>); a round takes every committed entry without one, in id order, and gives each tenant's
/// the next places after that tenant's sealed head: seq = head + 1, prev_hash = the head's hash, hash = SHA-256 of
/// prev_hash and the canonical content (<see cref="AuditChain"/>). One sealer at a time across replicas (an
/// advisory lock), so a head is extended by one writer only and the chain cannot fork.
/// <para>
/// An entry whose transaction commits after a round read the unsealed entries is simply sealed in the next round,
/// after the head of that moment, even if its id is lower than that of entries sealed before it: a place is given
/// once, at sealing, and never depends on an id, so no entry can be skipped or need a place behind the head.
/// </para>
/// </summary>
public sealed partial class AuditSealer(
    NpgsqlDataSource dataSource, TimeProvider clock, IOptions<AuditOptions> options, ILogger<AuditSealer> logger)
    : PollingService(clock, logger)
{
    public const int BatchSize = 2000;

    /// <summary>The first key of the sealers' two-key advisory lock ("Seal"), which no other code uses.</summary>
    public const int LockClass = 0x5365616c;

    private const string TryLockSql = "select pg_try_advisory_xact_lock(@lockClass, 0)";

    private const string LockSql = "select pg_advisory_xact_lock(@lockClass, 0)";

    // A statement that starts after the lock is granted sees every seal committed before (the lock is released
    // after its holder's commit is visible), and every entry committed so far.
    private const string UnsealedSql = """
        select id, tenant_id, at, api_key_id, action, target_type, target_id from audit_log
        where seq is null
        order by id
        limit @batch
        """;

    private const string HeadsSql = """
        select t.tenant_id, coalesce(h.seq, 0) as seq, coalesce(h.hash, @genesis) as hash
        from unnest(@tenantIds) as t(tenant_id)
        left join lateral (
            select seq, hash from audit_log where tenant_id = t.tenant_id and seq is not null order by seq desc limit 1
        ) h on true
        """;

    private const string SealSql = """
        update audit_log l set seq = s.seq, prev_hash = s.prev_hash, hash = s.hash
        from unnest(@ids, @seqs, @prevHashes, @hashes) as s(id, seq, prev_hash, hash)
        where l.id = s.id and l.seq is null
        """;

    protected override bool Enabled => options.Value.SealerEnabled;

    protected override TimeSpan Interval => options.Value.SealInterval;

    protected override async Task PollAsync(CancellationToken ct)
    {
        var sealedCount = await SealAsync(wait: false, ct);
        if (sealedCount > 0)
        {
            LogSealed(Logger, sealedCount);
        }
    }

    /// <summary>
    /// Seals every entry committed so far and returns how many it sealed. With <paramref name="wait"/>, waits
    /// for a round running elsewhere to finish first (a reader that must see what was committed before it
    /// asked); without, leaves the work to that round.
    /// </summary>
    public async Task<int> SealAsync(bool wait, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var locked = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
                wait ? LockSql : TryLockSql, new { lockClass = LockClass }, transaction, cancellationToken: ct));
            if (!wait && locked != true)
            {
                return total;
            }

            var sealedNow = await SealBatchAsync(connection, transaction, ct);
            await transaction.CommitAsync(ct);
            total += sealedNow;
            if (sealedNow < BatchSize)
            {
                return total;
            }
        }
    }

    private static async Task<int> SealBatchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        // Read as rows without a place: seq 0 and no hashes until given below.
        var unsealed = (await connection.QueryAsync<AuditEntryRow>(new CommandDefinition(
            UnsealedSql, new { batch = BatchSize }, transaction, cancellationToken: ct))).ToList();
        if (unsealed.Count == 0)
        {
            return 0;
        }

        var tenantIds = unsealed.Select(e => e.TenantId).Distinct().ToArray();
        var heads = (await connection.QueryAsync<(Guid TenantId, long Seq, byte[] Hash)>(new CommandDefinition(
            HeadsSql, new { tenantIds, genesis = AuditChain.Genesis }, transaction, cancellationToken: ct)))
            .ToDictionary(h => h.TenantId, h => (h.Seq, h.Hash));
        var sealedRows = new List<AuditEntryRow>(unsealed.Count);
        foreach (var entry in unsealed)
        {
            var (seq, prevHash) = heads[entry.TenantId];
            var row = entry with { Seq = seq + 1, PrevHash = prevHash };
            row = row with { Hash = AuditChain.HashOf(prevHash, row) };
            sealedRows.Add(row);
            heads[entry.TenantId] = (row.Seq, row.Hash);
        }

        var updated = await connection.ExecuteAsync(new CommandDefinition(SealSql, new
        {
            ids = sealedRows.Select(r => r.Id).ToArray(),
            seqs = sealedRows.Select(r => r.Seq).ToArray(),
            prevHashes = sealedRows.Select(r => r.PrevHash).ToArray(),
            hashes = sealedRows.Select(r => r.Hash).ToArray(),
        }, transaction, cancellationToken: ct));
        if (updated != sealedRows.Count)
        {
            // Only the lock holder seals, so this cannot happen; if it did, sealing nothing is the safe answer.
            throw new InvalidOperationException($"Sealed {updated} audit entries of {sealedRows.Count}: another sealer ran without the lock.");
        }

        return updated;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sealed {Count} audit entries into their chains")]
    private static partial void LogSealed(ILogger logger, int count);
}
