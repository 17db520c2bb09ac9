using Dapper;
using Npgsql;

namespace RecruitSignal.Tenants;

public sealed record NewTenant(Guid TenantId, string Name, string ApiKey);

public sealed record TenantSummary(Guid Id, string Name, DateTime CreatedAt, long ActiveKeys);

/// <summary>A tenant of this name already exists (names are compared ignoring case).</summary>
public sealed class TenantNameTakenException(string name, Guid existingId)
    : Exception($"A tenant named '{name}' already exists ({existingId}); choose another name.")
{
    public Guid ExistingId => existingId;
}

/// <summary>Tenants: made, listed and renamed by the command line. Names are unique ignoring case.</summary>
public sealed class TenantStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    // Names are checked under one transaction-scoped advisory lock, so two commands racing cannot both take a name.
    private const string NameLockSql = "select pg_advisory_xact_lock(hashtext('recruitsignal.tenant-names'))";

    private const string NameOwnerSql = "select id from tenants where lower(name) = lower(@name) and id <> coalesce(@exceptId, '00000000-0000-0000-0000-000000000000'::uuid)";

    private const string CreateSql = """
        with tenant as (
            insert into tenants (id, name, created_at) values (@tenantId, @name, @now)
            returning id
        )
        insert into api_keys (tenant_id, id, prefix, key_hash, created_at, name, scopes)
        select id, @keyId, @prefix, @keyHash, @now, @keyName, @scopes from tenant
        """;

    private const string ListSql = """
        select t.id, t.name, t.created_at,
            (select count(*) from api_keys k where k.tenant_id = t.id and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())) as active_keys
        from tenants t
        order by t.created_at, t.id
        """;

    private const string RenameSql = "update tenants set name = @name where id = @tenantId";

    /// <summary>Creates a tenant with its first API key (every scope); the key is returned here and never again.</summary>
    /// <exception cref="TenantNameTakenException">The name is taken.</exception>
    public async Task<NewTenant> CreateAsync(string name, CancellationToken ct)
    {
        var key = ApiKey.Generate();
        var tenantId = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await EnsureNameFreeAsync(transaction, name, null, ct);
        await connection.ExecuteAsync(new CommandDefinition(CreateSql, new
        {
            tenantId,
            name,
            now = clock.GetUtcNow(),
            keyId = Guid.CreateVersion7(),
            prefix = key.Prefix,
            keyHash = key.Hash(),
            keyName = "owner",
            scopes = ApiScopes.All.ToArray(),
        }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return new NewTenant(tenantId, name, key.Value);
    }

    public async Task<IReadOnlyList<TenantSummary>> ListAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<TenantSummary>(new CommandDefinition(ListSql, cancellationToken: ct))).ToList();
    }

    /// <exception cref="TenantNameTakenException">Another tenant has the name.</exception>
    public async Task<bool> RenameAsync(Guid tenantId, string name, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await EnsureNameFreeAsync(transaction, name, tenantId, ct);
        var renamed = await connection.ExecuteAsync(new CommandDefinition(RenameSql, new { tenantId, name }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return renamed == 1;
    }

    private static async Task EnsureNameFreeAsync(NpgsqlTransaction transaction, string name, Guid? exceptId, CancellationToken ct)
    {
        var connection = transaction.Connection!;
        await connection.ExecuteAsync(new CommandDefinition(NameLockSql, transaction: transaction, cancellationToken: ct));
        var owner = await connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(NameOwnerSql, new { name, exceptId }, transaction, cancellationToken: ct));
        if (owner is { } existing)
        {
            throw new TenantNameTakenException(name, existing);
        }
    }
}
