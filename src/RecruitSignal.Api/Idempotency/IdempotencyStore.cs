using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace RecruitSignal.Idempotency;

/// <summary>An answer stored under an Idempotency-Key, replayed byte for byte on retries.</summary>
public sealed record StoredAnswer
{
    public required byte[] RequestFingerprint { get; init; }
    public int ResponseStatus { get; init; }
    public string? ResponseLocation { get; init; }
    public string? ResponseType { get; init; }
    public required byte[] ResponseBody { get; init; }
}

public sealed class IdempotencyStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const int PurgeBatchSize = 1000;

    private const string TryLockSql = "select pg_try_advisory_xact_lock(@lockKey)";

    private const string FindSql = """
        select request_fingerprint, response_status, response_location, response_type, response_body
        from idempotency_keys
        where tenant_id = @tenantId and key = @key and expires_at > @now
        """;

    // An expired row may still be there (the purge runs now and then): the new answer replaces it.
    private const string SaveSql = """
        insert into idempotency_keys (
            tenant_id, key, request_fingerprint, response_status, response_location, response_type, response_body, created_at, expires_at)
        values (@tenantId, @key, @RequestFingerprint, @ResponseStatus, @ResponseLocation, @ResponseType, @ResponseBody, @now, @expiresAt)
        on conflict (tenant_id, key) do update set
            request_fingerprint = excluded.request_fingerprint,
            response_status = excluded.response_status,
            response_location = excluded.response_location,
            response_type = excluded.response_type,
            response_body = excluded.response_body,
            created_at = excluded.created_at,
            expires_at = excluded.expires_at
        """;

    // Bounded, and SKIP LOCKED so that replicas purging together split the rows instead of waiting.
    private const string PurgeSql = """
        delete from idempotency_keys k
        using (
            select tenant_id, key from idempotency_keys
            where expires_at <= @now
            limit @batch
            for update skip locked
        ) expired
        where k.tenant_id = expired.tenant_id and k.key = expired.key
        """;

    /// <summary>
    /// Takes the key's transaction-scoped advisory lock without waiting; false means another request
    /// with the same key is running now. The lock is released when the transaction ends.
    /// </summary>
    public static async Task<bool> TryLockAsync(NpgsqlTransaction tx, Guid tenantId, string key, CancellationToken ct) =>
        await tx.Connection!.ExecuteScalarAsync<bool>(new CommandDefinition(TryLockSql, new { lockKey = LockKey(tenantId, key) }, tx, cancellationToken: ct));

    public async Task<StoredAnswer?> FindAsync(NpgsqlTransaction tx, Guid tenantId, string key, CancellationToken ct) =>
        await tx.Connection!.QuerySingleOrDefaultAsync<StoredAnswer>(
            new CommandDefinition(FindSql, new { tenantId, key, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));

    public async Task SaveAsync(NpgsqlTransaction tx, Guid tenantId, string key, StoredAnswer answer, TimeSpan retention, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var parameters = new DynamicParameters(answer);
        parameters.AddDynamicParams(new { tenantId, key, now = now.UtcDateTime, expiresAt = (now + retention).UtcDateTime });
        await tx.Connection!.ExecuteAsync(new CommandDefinition(SaveSql, parameters, tx, cancellationToken: ct));
    }

    /// <summary>Deletes expired keys, at most <see cref="PurgeBatchSize"/> at a time; returns how many went.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var total = 0;
        int deleted;
        do
        {
            deleted = await connection.ExecuteAsync(new CommandDefinition(
                PurgeSql, new { now = clock.GetUtcNow().UtcDateTime, batch = PurgeBatchSize }, cancellationToken: ct));
            total += deleted;
        }
        while (deleted == PurgeBatchSize);

        return total;
    }

    /// <summary>The request as the key sees it: method, resource (route and route values) and the body as bound (whitespace and member order do not matter).</summary>
    public static byte[] Fingerprint(string method, string resource, byte[] canonicalBody)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{method}\n{resource}\n"));
        sha.AppendData(canonicalBody);
        return sha.GetHashAndReset();
    }

    private static long LockKey(Guid tenantId, string key)
    {
        var hash = SHA256.HashData([.. tenantId.ToByteArray(), .. Encoding.UTF8.GetBytes(key)]);
        return BitConverter.ToInt64(hash, 0);
    }
}
