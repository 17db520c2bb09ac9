using Dapper;
using Npgsql;
using RecruitSignal.Lookups;
using RecruitSignal.Presence;

namespace RecruitSignal.Consent;

/// <summary>Consent history rows, one per decision; the newest recorded row is the current consent.</summary>
public sealed class ConsentStore(LookupJobs jobs)
{
    private const string InsertSql = """
        insert into candidate_consents (tenant_id, id, candidate_id, granted, granted_at, notice_version, method, language, notice_hash, networks, created_at)
        select c.tenant_id, @id, c.id, @granted, @grantedAt, @noticeVersion, @method, @language, @noticeHash, @networks, @now
        from candidates c
        where c.tenant_id = @tenantId and c.id = @candidateId
        for key share of c
        returning id
        """;

    private const string CurrentSql = """
        select coalesce((
            select cc.granted and @network = any(cc.networks) from candidate_consents cc
            where cc.tenant_id = @tenantId and cc.candidate_id = @candidateId
            order by cc.created_at desc, cc.id desc
            limit 1), false)
        """;

    private const string CurrentByExternalIdSql = """
        select coalesce((
            select cc.granted and @network = any(cc.networks) from candidate_consents cc
            join candidates c on c.tenant_id = cc.tenant_id and c.id = cc.candidate_id
            where c.tenant_id = @tenantId and c.external_id = @externalId
            order by cc.created_at desc, cc.id desc
            limit 1), false)
        """;

    /// <summary>
    /// Records a decision; a withdrawal also stops the candidate's pending lookups. Null when the candidate is not the
    /// tenant's. A decision taken on the candidate page also keeps the language and the SHA-256 of the notice shown.
    /// </summary>
    public async Task<ConsentResponse?> RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid candidateId, ConsentRequest consent, DateTimeOffset now,
        CancellationToken ct, string? language = null, byte[]? noticeHash = null)
    {
        // The insert takes the candidate's key-share lock itself (CandidateLock's rule), and inserts nothing when an
        // erasure removed the candidate meanwhile: one round trip, not a lock and then the row.
        var id = Guid.CreateVersion7(now);
        var grantedAt = consent.GrantedAt ?? now;
        // A withdrawal covers every network: it stops every lookup, whatever it names.
        var networks = consent.Granted == true ? consent.CoveredNetworks() : [.. Networks.All];
        var inserted = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(InsertSql, new
        {
            tenantId, candidateId, id, granted = consent.Granted!.Value, grantedAt, consent.NoticeVersion, consent.Method, language, noticeHash, networks, now,
        }, transaction, cancellationToken: ct));
        if (inserted is null)
        {
            return null;
        }

        var cancelled = consent.Granted.Value ? 0 : await jobs.CancelForCandidateAsync(connection, transaction, tenantId, candidateId, now, ct);
        return new ConsentResponse(id, candidateId, consent.Granted.Value, grantedAt, consent.NoticeVersion, consent.Method!, now, cancelled, networks);
    }

    /// <summary>Whether the candidate's current consent is a grant covering <paramref name="network"/> (X unless named).</summary>
    public async Task<bool> IsGrantedAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, Guid candidateId, CancellationToken ct, string network = Networks.X) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(CurrentSql, new { tenantId, candidateId, network }, transaction, cancellationToken: ct));

    public async Task<bool> IsGrantedAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, string externalId, CancellationToken ct, string network = Networks.X) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(CurrentByExternalIdSql, new { tenantId, externalId, network }, transaction, cancellationToken: ct));
}
