using Npgsql;

namespace RecruitSignal.Database;

/// <summary>
/// What "no writable primary right now" looks like from the service, and how it finds the new one at once.
/// During a failover the old primary refuses connections or cuts them (08xxx, 57P01-57P03), a demoted node
/// refuses writes (25006 read_only_sql_transaction), and a multi-host data source with
/// <c>Target Session Attributes=read-write</c> finds no suitable host until a standby is promoted. Npgsql remembers
/// each host's role (primary, standby, offline) until its <c>Host Recheck Seconds</c>; after any of these errors
/// the service forgets what it knew, so that the next connection probes every host again and lands on the new
/// primary as soon as it accepts writes, instead of keeping to the old picture for the recheck period.
/// </summary>
public sealed partial class Failover(NpgsqlDataSource dataSource, ILogger<Failover> logger)
{
    /// <summary>What a client is told to wait before retrying a write refused for want of a primary.</summary>
    public const int RetryAfterSeconds = 1;

    // The message of Npgsql's NoSuitableHostsException when every host is known to be offline or of the wrong role.
    private const string NoSuitableHost = "No suitable host was found.";

    private long _lastForgotten;

    /// <summary>True for an error that says no host accepts writes now: a retry in a moment may well succeed.</summary>
    public static bool IsNoWritablePrimary(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } => true,
        NpgsqlException { Message: NoSuitableHost } => true,
        NpgsqlException { InnerException: AggregateException inner } => inner.InnerExceptions.All(IsNoWritablePrimary),
        // Dapper wraps an error met while reading a row (a connection cut mid-result) in a DataException.
        System.Data.DataException { InnerException: { } inner } => IsNoWritablePrimary(inner),
        _ => Transient.IsTransient(exception),
    };

    /// <summary>
    /// Drops the pooled connections and the hosts' remembered roles after an error that
    /// <see cref="IsNoWritablePrimary"/>; other errors are left alone. Returns whether it did.
    /// </summary>
    public bool ForgetPrimaryAfter(Exception exception)
    {
        if (!IsNoWritablePrimary(exception))
        {
            return false;
        }

        ForgetPrimary(exception is PostgresException pg ? pg.SqlState : exception.GetType().Name);
        return true;
    }

    /// <summary>Drops the pooled connections and the hosts' remembered roles (see the class summary).</summary>
    public void ForgetPrimary(string reason)
    {
        // Every time: a skipped reset can leave a session of the old primary idle in the pool, for the next request
        // to fail on. Clearing is cheap; only the log line is kept to one per second, as requests fail together.
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastForgotten);
        if (now - last >= 1000 && Interlocked.CompareExchange(ref _lastForgotten, now, last) == last)
        {
            LogForgetting(logger, reason);
        }

        dataSource.Clear();
        (dataSource as NpgsqlMultiHostDataSource)?.ClearDatabaseStates();
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "No writable primary ({Reason}): dropping pooled connections and probing the hosts again")]
    private static partial void LogForgetting(ILogger logger, string reason);
}
