using Npgsql;

namespace RecruitSignal.Idempotency;

/// <summary>
/// The database transaction of one creating request. The idempotency filter begins it (and claims the
/// key in it), the handler writes through it, and the filter commits it only when the answer is a
/// success, so the key, the work and its outbox events are stored together or not at all.
/// </summary>
public sealed class RequestTransaction : IAsyncDisposable
{
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;

    /// <summary>The request's Idempotency-Key, for an endpoint that claims it itself; null without a key.</summary>
    public IdempotencyClaim? Claim { get; internal set; }

    public NpgsqlTransaction Current =>
        _transaction ?? throw new InvalidOperationException("The endpoint has no request transaction: add .WithIdempotency<T>() to it.");

    internal async Task<NpgsqlTransaction> BeginAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        _connection = await dataSource.OpenConnectionAsync(ct);
        _transaction = await _connection.BeginTransactionAsync(ct);
        return _transaction;
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        (_transaction, _connection, Claim) = (null, null, null);
    }
}
