using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using RecruitSignal.Database;

namespace RecruitSignal.Tenants;

public sealed record ApiKeyOwner(Guid TenantId, Guid KeyId);

public sealed record NewTenant(Guid TenantId, string Name, string ApiKey);

public sealed class TenantStore(NpgsqlDataSource dataSource, TimeProvider clock, IMemoryCache cache)
{
    /// <summary>
    /// How long a verified key is trusted without asking the database again. It takes a round trip off
    /// every request; a revoked key keeps working for at most this long.
    /// </summary>
    public static readonly TimeSpan OwnerCacheDuration = TimeSpan.FromSeconds(30);

    private const string CreateSql = """
        with tenant as (
            insert into tenants (id, name, created_at) values (@tenantId, @name, @now)
            returning id
        )
        insert into api_keys (tenant_id, id, prefix, key_hash, created_at)
        select id, @keyId, @prefix, @keyHash, @now from tenant
        """;

    private const string FindKeySql = """
        select tenant_id, id, key_hash
        from api_keys
        where prefix = @prefix and revoked_at is null
        """;

    /// <summary>Creates a tenant with its first API key; the key is returned here and never again.</summary>
    public async Task<NewTenant> CreateAsync(string name, CancellationToken ct)
    {
        var key = ApiKey.Generate();
        var tenantId = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(CreateSql, new
        {
            tenantId,
            name,
            now = clock.GetUtcNow(),
            keyId = Guid.CreateVersion7(),
            prefix = key.Prefix,
            keyHash = key.Hash(),
        }, cancellationToken: ct));
        return new NewTenant(tenantId, name, key.Value);
    }

    public async Task<ApiKeyOwner?> FindOwnerAsync(ApiKey key, CancellationToken ct)
    {
        var hash = key.Hash();
        var cacheKey = (typeof(ApiKeyOwner), Convert.ToHexString(hash));
        if (cache.TryGetValue(cacheKey, out ApiKeyOwner? known))
        {
            return known; // only verified keys are cached, so unknown keys cannot grow the cache
        }

        var row = await Transient.RetryAsync(dataSource, async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.QuerySingleOrDefaultAsync<(Guid TenantId, Guid Id, byte[] KeyHash)>(
                new CommandDefinition(FindKeySql, new { prefix = key.Prefix }, cancellationToken: ct));
        }, ct);
        if (row.KeyHash is null || !CryptographicOperations.FixedTimeEquals(row.KeyHash, hash))
        {
            return null;
        }

        var owner = new ApiKeyOwner(row.TenantId, row.Id);
        cache.Set(cacheKey, owner, OwnerCacheDuration);
        return owner;
    }
}
