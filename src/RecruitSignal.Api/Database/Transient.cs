using System.Net.Sockets;
using Npgsql;

namespace RecruitSignal.Database;

/// <summary>
/// What counts as a passing database failure (the server restarting, a pooled connection killed, the
/// network dropping), and a single retry for work that is safe to run twice.
/// </summary>
public static class Transient
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        // Npgsql counts deadlock and serialization victims as transient; here they are contention, retried whole.
        _ when Contention.IsContention(exception) => false,
        PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03",
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// Runs <paramref name="work"/>; after a transient failure, empties the pool (its other idle connections
    /// are most likely dead too) and tries again, at most twice, after a short pause. Only for work that is
    /// safe to run again: reads, or writes whose ids are fixed before the first try, so that a repeat of a
    /// write that did commit is detected instead of stored twice.
    /// </summary>
    public static async Task<T> RetryAsync<T>(NpgsqlDataSource dataSource, Func<Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (Exception e) when (IsTransient(e) && attempt < 3 && !ct.IsCancellationRequested)
            {
                dataSource.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), ct);
            }
        }
    }
}
