using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Database;

namespace RecruitSignal.Tenants;

/// <summary>Who a presented key belongs to and what it may do; what any authentication scheme (Bearer, Basic) needs.</summary>
public sealed record ApiKeyOwner(Guid TenantId, Guid KeyId, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt)
{
    public bool Has(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);
}

/// <summary>Why a presented key was refused; the client always gets the same 401, the metrics get the reason.</summary>
public enum KeyRefusal { Malformed, Unknown, Revoked, Expired }

public sealed record ApiKeyRow
{
    public Guid TenantId { get; init; }
    public Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Prefix { get; init; }
    public required string[] Scopes { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public DateTime? LastUsedAt { get; init; }
    public DateTime? RevokedAt { get; init; }
}

/// <summary>A rotation that won: the old key (expiring after the overlap), the new one and its value, shown once.</summary>
public sealed record Rotation(ApiKeyRow Old, ApiKeyRow New, string Value);

/// <summary>
/// API keys: made, listed, revoked and rotated (by <c>/v1/keys</c> and the command line), and resolved on every
/// request. A resolved key is remembered for <c>Authentication__KeyCacheDuration</c> (500 ms) only, so a revocation or an expiry made
/// on any replica is seen by every replica within a second, at the cost of at most two lookups per key per second.
/// </summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource, TimeProvider clock, IMemoryCache cache, IOptions<AuthenticationOptions> options)
{
    /// <summary>The default of <c>Authentication__KeyCacheDuration</c>.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMilliseconds(500);

    public const string Columns = "tenant_id, id, name, prefix, scopes, created_at, expires_at, last_used_at, revoked_at";

    private const string ResolveSql = "select tenant_id, id, key_hash, scopes, expires_at, revoked_at from api_keys where prefix = @prefix";

    private const string InsertSql = $"""
        insert into api_keys (tenant_id, id, prefix, key_hash, created_at, name, scopes, expires_at)
        values (@tenantId, @id, @prefix, @keyHash, @now, @name, @scopes, @expiresAt)
        returning {Columns}
        """;

    private const string ListSql = $"select {Columns} from api_keys where tenant_id = @tenantId order by created_at, id";

    private const string FindSql = $"""
        select {Columns} from api_keys
        where tenant_id = @tenantId and (id = @id or prefix = @prefix)
        """;

    // Revoking twice keeps the first time.
    private const string RevokeSql = $"""
        update api_keys set revoked_at = coalesce(revoked_at, @now)
        where tenant_id = @tenantId and id = @id
        returning {Columns}
        """;

    // The old key keeps working until the end of the overlap (or its own earlier expiry). The row lock makes
    // concurrent rotations take turns; the later ones find rotated_to set and change nothing.
    private const string ExpireSql = $"""
        update api_keys set expires_at = least(coalesce(expires_at, @until), @until), rotated_to = @newId
        where tenant_id = @tenantId and id = @id and revoked_at is null and rotated_to is null
          and (expires_at is null or expires_at > @now)
        returning {Columns}
        """;

    private const string RotatedToSql = "select rotated_to from api_keys where tenant_id = @tenantId and id = @id";

    /// <summary>Makes a key; its value is returned here and never again (only its SHA-256 is stored).</summary>
    public async Task<(ApiKeyRow Row, string Value)> CreateAsync(
        Guid tenantId, string name, IReadOnlyCollection<string> scopes, DateTimeOffset? expiresAt, CancellationToken ct, NpgsqlTransaction? transaction = null)
    {
        var key = ApiKey.Generate();
        var parameters = new
        {
            tenantId, id = Guid.CreateVersion7(), prefix = key.Prefix, keyHash = key.Hash(), now = clock.GetUtcNow().UtcDateTime, name,
            scopes = ApiScopes.All.Where(scopes.Contains).ToArray(), expiresAt = expiresAt?.UtcDateTime,
        };
        if (transaction is not null)
        {
            return (await transaction.Connection!.QuerySingleAsync<ApiKeyRow>(new CommandDefinition(InsertSql, parameters, transaction, cancellationToken: ct)), key.Value);
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QuerySingleAsync<ApiKeyRow>(new CommandDefinition(InsertSql, parameters, cancellationToken: ct)), key.Value);
    }

    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(Guid tenantId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ApiKeyRow>(new CommandDefinition(ListSql, new { tenantId }, cancellationToken: ct))).ToList();
    }

    /// <summary>The tenant's key with this id or this prefix (the part after <c>rs_</c>), or null.</summary>
    public async Task<ApiKeyRow?> FindAsync(Guid tenantId, string idOrPrefix, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var id = Guid.TryParse(idOrPrefix, out var parsed) ? parsed : Guid.Empty;
        var prefix = idOrPrefix.StartsWith("rs_", StringComparison.Ordinal) ? idOrPrefix[3..].Split('_')[0] : idOrPrefix;
        return await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(FindSql, new { tenantId, id, prefix }, cancellationToken: ct));
    }

    /// <summary>Revokes the key now; null when the tenant has no such key.</summary>
    public async Task<ApiKeyRow?> RevokeAsync(Guid tenantId, Guid keyId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(
            new CommandDefinition(RevokeSql, new { tenantId, id = keyId, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>
    /// A new key with the old one's name and scopes, and the old one set to expire after <paramref name="overlap"/>,
    /// in one transaction. Of concurrent rotations of one key exactly one wins; the others get the key it was
    /// rotated into (<c>AlreadyRotatedTo</c>). Both null when the key is unknown, revoked or already expired.
    /// </summary>
    public async Task<(Rotation? Rotated, Guid? AlreadyRotatedTo)> RotateAsync(Guid tenantId, Guid keyId, TimeSpan overlap, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(FindSql, new { tenantId, id = keyId, prefix = "" }, transaction, cancellationToken: ct));
        if (current is null)
        {
            return (null, null);
        }

        var (created, value) = await CreateAsync(tenantId, current.Name, current.Scopes, null, ct, transaction);
        var old = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(ExpireSql, new
        {
            tenantId, id = keyId, now = now.UtcDateTime, until = (now + overlap).UtcDateTime, newId = created.Id,
        }, transaction, cancellationToken: ct));
        if (old is null)
        {
            await transaction.RollbackAsync(ct); // the new key goes too
            var rotatedTo = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(RotatedToSql, new { tenantId, id = keyId }, cancellationToken: ct));
            return (null, rotatedTo);
        }

        await transaction.CommitAsync(ct);
        return (new Rotation(old, created, value), null);
    }

    /// <summary>
    /// Resolves a presented key (as sent after <c>Bearer</c>, or as a Basic username) to its owner and scopes,
    /// or says why it is refused. Revoked and expired keys are refused; the comparison is constant-time.
    /// </summary>
    public async Task<(ApiKeyOwner? Owner, KeyRefusal? Refusal)> ResolveAsync(string? presented, CancellationToken ct)
    {
        if (!ApiKey.TryParse(presented, out var key))
        {
            return (null, KeyRefusal.Malformed);
        }

        var hash = key.Hash();
        var cacheKey = (typeof(ApiKeyStore), Convert.ToHexString(hash));
        if (!cache.TryGetValue(cacheKey, out Resolved? resolved))
        {
            var row = await Transient.RetryAsync(dataSource, async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                return await connection.QuerySingleOrDefaultAsync<KeyHashRow>(new CommandDefinition(ResolveSql, new { prefix = key.Prefix }, cancellationToken: ct));
            }, ct);
            if (row is null || !CryptographicOperations.FixedTimeEquals(row.KeyHash, hash))
            {
                return (null, KeyRefusal.Unknown); // never cached, so unknown keys cannot grow the cache
            }

            resolved = new Resolved(new ApiKeyOwner(row.TenantId, row.Id, row.Scopes, Utc(row.ExpiresAt)), row.RevokedAt is not null);
            if (options.Value.KeyCacheDuration > TimeSpan.Zero)
            {
                cache.Set(cacheKey, resolved, options.Value.KeyCacheDuration);
            }
        }

        if (resolved!.Revoked)
        {
            return (null, KeyRefusal.Revoked);
        }

        return resolved.Owner.ExpiresAt is { } expiresAt && expiresAt <= clock.GetUtcNow()
            ? (null, KeyRefusal.Expired)
            : (resolved.Owner, null);
    }

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

    private sealed record Resolved(ApiKeyOwner Owner, bool Revoked);

    private sealed record KeyHashRow
    {
        public Guid TenantId { get; init; }
        public Guid Id { get; init; }
        public required byte[] KeyHash { get; init; }
        public required string[] Scopes { get; init; }
        public DateTime? ExpiresAt { get; init; }
        public DateTime? RevokedAt { get; init; }
    }
}
