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

    private const string LockSql = "select pg_advisory_xact_lock(@lockClass, hashtext(@tenantId::text))";

    private const string HeadSql = """
        select seq, hash from audit_log
        where tenant_id = @tenantId
        order by seq desc
        limit 1
        """;

    private const string InsertSql = $"""
        insert into audit_log ({AuditEntryRow.Columns})
        values (@TenantId, @Seq, @At, @ApiKeyId, @Action, @TargetType, @TargetId, @PrevHash, @Hash)
        """;

    public async Task AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid? apiKeyId, AuditEvent audited, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(LockSql, new { lockClass = LockClass, tenantId }, transaction, cancellationToken: ct));
        var head = await connection.QuerySingleOrDefaultAsync<ChainHead>(
            new CommandDefinition(HeadSql, new { tenantId }, transaction, cancellationToken: ct));
        var now = clock.GetUtcNow().UtcDateTime;
        var entry = new AuditEntryRow
        {
            TenantId = tenantId,
            Seq = (head?.Seq ?? 0) + 1,
            At = now.AddTicks(-(now.Ticks % 10)), // PostgreSQL keeps microseconds: hash what is stored
            ApiKeyId = apiKeyId,
            Action = WireName.Of(audited.Action),
            TargetType = WireName.Of(audited.TargetType),
            TargetId = audited.TargetId,
            PrevHash = head?.Hash ?? AuditChain.Genesis,
            Hash = [],
        };
        entry = entry with { Hash = AuditChain.HashOf(entry.PrevHash, entry) };
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, entry, transaction, cancellationToken: ct));
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

internal sealed record ChainHead(long Seq, byte[] Hash);

public static class AuditClaims
{
    /// <summary>The id of the API key that made the request, recorded as the actor of audit entries.</summary>
    public static Guid? ApiKeyId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ApiKeyAuthentication.KeyClaim), out var id) ? id : null;
}
