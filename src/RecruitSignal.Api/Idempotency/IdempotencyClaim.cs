using System.Text;
using Npgsql;

namespace RecruitSignal.Idempotency;

/// <summary>
/// The Idempotency-Key of a request whose endpoint claims it itself (<see cref="IdempotencyExtensions.ClaimsIdempotencyKeyInItsBatch"/>),
/// so that a screening with a key costs what one without does: one batch, then COMMIT. The handler either puts
/// <see cref="ClaimCommandsAsync"/> ahead of its writes in its one batch (the key is claimed and the answer stored in
/// that batch, and a taken key fails the batch before any write), or calls <see cref="ClaimAsync"/> before its first
/// write when it needs more round trips. A taken key ends the handler with <see cref="IdempotencyKeyTakenException"/>, which
/// the filter answers: the stored answer replayed, 422 for another request, 409 while the first still runs.
/// </summary>
public sealed class IdempotencyClaim
{
    // Sent in the same batch after the handler's writes: the stored answer named a provisional id (say, a new
    // candidate's) that the database may have replaced by an existing row's; both are 36 characters of text.
    private static string FillInSql(string actualIdSql) => $"""
        update idempotency_keys k
        set response_body = convert_to(replace(convert_from(k.response_body, 'UTF8'), @placeholder::text, actual.id::text), 'UTF8')
        from ({actualIdSql}) actual(id)
        where k.tenant_id = @tenantId and k.key = @key and actual.id <> @placeholder
        """;

    private readonly IdempotencyStore _store;
    private readonly TimeSpan _retention;
    private readonly Func<IResult, Task<(StoredAnswer Sent, StoredAnswer Kept)>> _capture;

    internal IdempotencyClaim(
        IdempotencyStore store, Guid tenantId, string key, byte[] fingerprint, TimeSpan retention,
        Func<IResult, Task<(StoredAnswer Sent, StoredAnswer Kept)>> capture)
    {
        (_store, TenantId, Key, Fingerprint, _retention, _capture) = (store, tenantId, key, fingerprint, retention, capture);
    }

    internal Guid TenantId { get; }

    internal string Key { get; }

    internal byte[] Fingerprint { get; }

    /// <summary>The answer stored under the key by an earlier request, when the key was found taken.</summary>
    internal StoredAnswer? Found { get; private set; }

    /// <summary>This request's answer as sent, when it was stored in the handler's batch.</summary>
    internal StoredAnswer? StoredInBatch { get; private set; }

    internal bool IsClaimed { get; private set; }

    /// <summary>Claims the key on its own round trip, before a handler's first write; throws <see cref="IdempotencyKeyTakenException"/> when taken.</summary>
    public async Task ClaimAsync(NpgsqlTransaction tx, CancellationToken ct)
    {
        if (!await TryClaimAsync(tx, ct))
        {
            throw new IdempotencyKeyTakenException();
        }
    }

    internal async Task<bool> TryClaimAsync(NpgsqlTransaction tx, CancellationToken ct)
    {
        var (locked, stored) = await _store.ClaimAsync(tx, TenantId, Key, ct);
        Found = stored;
        IsClaimed = locked && stored is null;
        return IsClaimed;
    }

    /// <summary>
    /// The first statements of the handler's batch: the answer stored under the key, if any, then the claim carrying
    /// <paramref name="answer"/> (what the handler will answer; ids are made before the batch). Read them with <see cref="ReadAsync"/>.
    /// </summary>
    public async Task<NpgsqlBatchCommand[]> ClaimCommandsAsync(IResult answer)
    {
        var (sent, kept) = await _capture(answer);
        StoredInBatch = sent;
        return [_store.FindCommand(TenantId, Key), _store.ClaimCommand(TenantId, Key, kept, _retention)];
    }

    /// <summary>
    /// Reads the results of <see cref="ClaimCommandsAsync"/>'s statements and leaves the reader on the handler's first;
    /// throws <see cref="IdempotencyKeyTakenException"/> when the key was taken (the database skipped the rest of the batch).
    /// </summary>
    public async Task ReadAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        Found = await IdempotencyStore.ReadFoundAsync(reader, ct);
        try
        {
            // The claim returns no rows, so this steps over it to the handler's first result set; its error shows here.
            await reader.NextResultAsync(ct);
        }
        catch (PostgresException e) when (IdempotencyStore.IsKeyTaken(e))
        {
            StoredInBatch = null;
            throw new IdempotencyKeyTakenException();
        }

        IsClaimed = true;
    }

    /// <summary>
    /// The last statement of the handler's batch when its answer named <paramref name="placeholder"/> for an id that
    /// <paramref name="actualIdSql"/> (one uuid column, one row) reads once the writes are done.
    /// </summary>
    public NpgsqlBatchCommand FillInCommand(Guid placeholder, string actualIdSql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(FillInSql(actualIdSql))
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("placeholder", placeholder),
                new NpgsqlParameter<Guid>("tenantId", TenantId),
                new NpgsqlParameter<string>("key", Key),
            },
        };
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>The same replacement in the answer this request sends.</summary>
    public void FillIn(Guid placeholder, Guid actual)
    {
        if (StoredInBatch is not { } sent || placeholder == actual)
        {
            return;
        }

        var body = Encoding.UTF8.GetString(sent.ResponseBody).Replace(placeholder.ToString("D"), actual.ToString("D"), StringComparison.Ordinal);
        StoredInBatch = sent with { ResponseBody = Encoding.UTF8.GetBytes(body) };
    }
}

/// <summary>The request's Idempotency-Key is taken (answered or running): the filter answers instead of the handler.</summary>
public sealed class IdempotencyKeyTakenException() : Exception("The Idempotency-Key is taken.");
