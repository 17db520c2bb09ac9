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
    private const string ReplaceAnswer = """
        request_fingerprint = excluded.request_fingerprint,
        response_status = excluded.response_status,
        response_location = excluded.response_location,
        response_type = excluded.response_type,
        response_body = excluded.response_body,
        created_at = excluded.created_at,
        expires_at = excluded.expires_at
        """;

    private const string SaveSql = $"""
        insert into idempotency_keys (
            tenant_id, key, request_fingerprint, response_status, response_location, response_type, response_body, created_at, expires_at)
        values (@tenantId, @key, @RequestFingerprint, @ResponseStatus, @ResponseLocation, @ResponseType, @ResponseBody, @now, @expiresAt)
        on conflict (tenant_id, key) do update set
            {ReplaceAnswer}
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

    // The key claimed inside a handler's own batch (IdempotencyClaim), with this request's answer. It fails, and with it
    // the rest of the batch and the transaction, when the key is taken: its advisory lock is held by a request still
    // running (the key would be null), or a live answer is stored under it (the update would set the key to null).
    // A NOT NULL violation on idempotency_keys.key is that signal; an expired answer is replaced as in SaveSql.
    private const string ClaimSql = $"""
        insert into idempotency_keys as k (
            tenant_id, key, request_fingerprint, response_status, response_location, response_type, response_body, created_at, expires_at)
        values (@tenantId, case when pg_try_advisory_xact_lock(@lockKey) then @key end,
            @RequestFingerprint, @ResponseStatus, @ResponseLocation, @ResponseType, @ResponseBody, @now, @expiresAt)
        on conflict (tenant_id, key) do update set
            key = case when k.expires_at <= excluded.created_at then excluded.key end,
            {ReplaceAnswer}
        """;

    /// <summary>
    /// Takes the key's transaction-scoped advisory lock without waiting and reads the answer stored under the key,
    /// in one round trip (the read is a statement of its own, so it sees what the lock's previous holder committed).
    /// Not locked means another request with the same key is running now. The lock is released when the transaction ends.
    /// </summary>
    public async Task<(bool Locked, StoredAnswer? Stored)> ClaimAsync(NpgsqlTransaction tx, Guid tenantId, string key, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(tx.Connection, tx)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(TryLockSql) { Parameters = { new NpgsqlParameter<long>("lockKey", LockKey(tenantId, key)) } },
                FindCommand(tenantId, key),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var locked = reader.GetBoolean(0);
        await reader.NextResultAsync(ct);
        return locked ? (true, await ReadFoundAsync(reader, ct)) : (false, null);
    }

    /// <summary>The statement that reads the live answer stored under the key: no row, or one that <see cref="ReadFoundAsync"/> reads.</summary>
    internal NpgsqlBatchCommand FindCommand(Guid tenantId, string key) => new(FindSql)
    {
        Parameters =
        {
            new NpgsqlParameter<Guid>("tenantId", tenantId),
            new NpgsqlParameter<string>("key", key),
            new NpgsqlParameter<DateTime>("now", clock.GetUtcNow().UtcDateTime),
        },
    };

    /// <summary>The answer of <see cref="FindCommand"/>'s result set, on which the reader stands.</summary>
    internal static async Task<StoredAnswer?> ReadFoundAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new StoredAnswer
        {
            RequestFingerprint = reader.GetFieldValue<byte[]>(0),
            ResponseStatus = reader.GetInt32(1),
            ResponseLocation = reader.IsDBNull(2) ? null : reader.GetString(2),
            ResponseType = reader.IsDBNull(3) ? null : reader.GetString(3),
            ResponseBody = reader.GetFieldValue<byte[]>(4),
        };
    }

    /// <summary>The statement that claims the key with <paramref name="answer"/>, for a batch that also does the work (see <see cref="ClaimSql"/>).</summary>
    internal NpgsqlBatchCommand ClaimCommand(Guid tenantId, string key, StoredAnswer answer, TimeSpan retention)
    {
        var command = new NpgsqlBatchCommand(ClaimSql) { Parameters = { new NpgsqlParameter<long>("lockKey", LockKey(tenantId, key)) } };
        AddAnswer(command.Parameters, tenantId, key, answer, retention);
        return command;
    }

    /// <summary>Whether <paramref name="e"/> is <see cref="ClaimSql"/> refusing the key (held or answered).</summary>
    internal static bool IsKeyTaken(PostgresException e) =>
        e is { SqlState: PostgresErrorCodes.NotNullViolation, TableName: "idempotency_keys", ColumnName: "key" };

    public async Task SaveAsync(NpgsqlTransaction tx, Guid tenantId, string key, StoredAnswer answer, TimeSpan retention, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(SaveSql, tx.Connection, tx);
        AddAnswer(command.Parameters, tenantId, key, answer, retention);
        await command.ExecuteNonQueryAsync(ct);
    }

    private void AddAnswer(NpgsqlParameterCollection parameters, Guid tenantId, string key, StoredAnswer answer, TimeSpan retention)
    {
        var now = clock.GetUtcNow();
        parameters.Add(new NpgsqlParameter<Guid>("tenantId", tenantId));
        parameters.Add(new NpgsqlParameter<string>("key", key));
        parameters.Add(new NpgsqlParameter<byte[]>("RequestFingerprint", answer.RequestFingerprint));
        parameters.Add(new NpgsqlParameter<int>("ResponseStatus", answer.ResponseStatus));
        parameters.Add(new NpgsqlParameter("ResponseLocation", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)answer.ResponseLocation ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("ResponseType", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)answer.ResponseType ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter<byte[]>("ResponseBody", answer.ResponseBody));
        parameters.Add(new NpgsqlParameter<DateTime>("now", now.UtcDateTime));
        parameters.Add(new NpgsqlParameter<DateTime>("expiresAt", (now + retention).UtcDateTime));
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
