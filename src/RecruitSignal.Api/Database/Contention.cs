using Npgsql;

namespace RecruitSignal.Database;

/// <summary>
/// Deadlock and serialization victims (SQLSTATE 40P01, 40001): PostgreSQL rolled the transaction back so that a
/// concurrent one could finish. Nothing of it was written, so the whole unit of work runs again, a few times, after
/// a short random pause that keeps the same two transactions from meeting again in step. These are never an
/// unavailable database: <see cref="Transient"/> leaves them out, and nothing answers them with 503 until the
/// retries are spent.
/// </summary>
public static class Contention
{
    public const int MaxAttempts = 8;

    public static bool IsContention(Exception? exception) => exception switch
    {
        null => false,
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure } => true,
        _ => IsContention(exception.InnerException),
    };

    /// <summary>A pause of up to 10 ms times 2^attempt, random, so that the victims spread out.</summary>
    public static TimeSpan Pause(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 << Math.Min(attempt, 6)));

    /// <summary>Runs <paramref name="work"/>, and again after a contention failure, at most <see cref="MaxAttempts"/> times.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (Exception e) when (IsContention(e) && attempt < MaxAttempts && !ct.IsCancellationRequested)
            {
                await Task.Delay(Pause(attempt), ct);
            }
        }
    }

    public static Task RetryAsync(Func<Task> work, CancellationToken ct) =>
        RetryAsync(async () =>
        {
            await work();
            return true;
        }, ct);
}

/// <summary>
/// Runs an endpoint's handler (with the filters after this one, such as the idempotency transaction) again when
/// it lost a deadlock or a serialization conflict. Its arguments are already bound and its answer is not written
/// yet, so the repeat is the same request against the database as it is now.
/// </summary>
public sealed class ContentionRetryFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await next(context);
            }
            catch (Exception e) when (Contention.IsContention(e) && attempt < Contention.MaxAttempts
                && !http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
            {
                await Task.Delay(Contention.Pause(attempt), http.RequestAborted);
            }
        }
    }
}
