using Dapper;
using Npgsql;

namespace RecruitSignal.Audit;

/// <summary>
/// The first link of a tenant's chain that does not hold, or null when every link holds; and how many of the
/// tenant's entries were committed but not sealed yet (not part of the chain, so not checked), and the last entry purged
/// by audit retention (0 when none was): the chain is checked from the entry after it.
/// </summary>
public sealed record AuditVerification(Guid TenantId, long EntriesChecked, long? BrokenAtSeq, string? Reason, long Unsealed = 0, long PurgedThrough = 0);

/// <summary>
/// Recomputes every tenant's chain (or one tenant's) from the stored rows and names the first broken link. A chain
/// whose start was purged (<see cref="AuditRetention"/>) is checked from its anchor: the first entry kept must be the
/// one after the anchor's and point at the anchor's hash.
/// </summary>
public sealed class AuditVerifier(NpgsqlDataSource dataSource)
{
    private const string EntriesSql = $"""
        select {AuditEntryRow.Columns} from audit_log
        where seq is not null and (@tenantId::uuid is null or tenant_id = @tenantId)
        order by tenant_id, seq
        """;

    private const string UnsealedSql = """
        select tenant_id, count(*) from audit_log
        where seq is null and (@tenantId::uuid is null or tenant_id = @tenantId)
        group by tenant_id
        """;

    private const string AnchorsSql = """
        select tenant_id, seq, hash from audit_anchors
        where @tenantId::uuid is null or tenant_id = @tenantId
        """;

    public async Task<IReadOnlyList<AuditVerification>> VerifyAsync(Guid? tenantId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var anchors = (await connection.QueryAsync<(Guid TenantId, long Seq, byte[] Hash)>(new CommandDefinition(AnchorsSql, new { tenantId }, cancellationToken: ct)))
            .ToDictionary(a => a.TenantId, a => (a.Seq, a.Hash));
        var unsealed = (await connection.QueryAsync<(Guid TenantId, long Count)>(new CommandDefinition(UnsealedSql, new { tenantId }, cancellationToken: ct)))
            .ToDictionary(u => u.TenantId, u => u.Count);
        // Unbuffered: a long chain streams through instead of being loaded whole.
        var rows = await connection.QueryAsync<AuditEntryRow>(
            new CommandDefinition(EntriesSql, new { tenantId }, flags: CommandFlags.None, cancellationToken: ct));
        var results = new List<AuditVerification>();
        Chain? chain = null;
        foreach (var row in rows)
        {
            if (chain is null || chain.TenantId != row.TenantId)
            {
                if (chain is not null)
                {
                    results.Add(chain.Result());
                }

                chain = anchors.TryGetValue(row.TenantId, out var anchor) ? new Chain(row.TenantId, anchor.Seq, anchor.Hash) : new Chain(row.TenantId);
            }

            chain.Check(row);
        }

        if (chain is not null)
        {
            results.Add(chain.Result());
        }

        // A tenant whose entries are all unsealed has no chain yet, but is reported with them.
        results.AddRange(unsealed.Keys.Except(results.Select(r => r.TenantId)).Select(id => new AuditVerification(id, 0, null, null)));
        return results.Select(r => r with { Unsealed = unsealed.GetValueOrDefault(r.TenantId) }).ToList();
    }

    private sealed class Chain(Guid tenantId, long anchorSeq = 0, byte[]? anchorHash = null)
    {
        private long _checked;
        private long _expectedSeq = anchorSeq + 1;
        private byte[] _prevHash = anchorHash ?? AuditChain.Genesis;
        private (long Seq, string Reason)? _broken;

        public Guid TenantId => tenantId;

        public void Check(AuditEntryRow row)
        {
            if (_broken is not null)
            {
                return;
            }

            _checked++;
            if (row.Seq != _expectedSeq)
            {
                _broken = (_expectedSeq, $"entry {_expectedSeq} is missing (the next entry found is {row.Seq})");
            }
            else if (!row.PrevHash.AsSpan().SequenceEqual(_prevHash))
            {
                _broken = (row.Seq, $"entry {row.Seq} does not point at the hash of entry {row.Seq - 1}");
            }
            else if (!row.Hash.AsSpan().SequenceEqual(AuditChain.HashOf(row.PrevHash, row)))
            {
                _broken = (row.Seq, $"entry {row.Seq} does not match its hash: its content was changed");
            }

            _expectedSeq = row.Seq + 1;
            _prevHash = row.Hash;
        }

        public AuditVerification Result() => new(tenantId, _checked, _broken?.Seq, _broken?.Reason, PurgedThrough: anchorSeq);
    }
}
