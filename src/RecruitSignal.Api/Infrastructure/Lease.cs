using Dapper;
using Npgsql;

namespace RecruitSignal.Infrastructure;

/// <summary>
/// A lease on claimed queue rows (webhook deliveries, invitation emails, ATS callbacks). A claim moves each row's next
/// attempt <see cref="Duration"/> ahead and commits at once, so no row lock is held while the work runs; while its
/// holder works, the lease is renewed every few seconds. A holder that dies, or loses its database in a failover,
/// stops renewing, and its rows are due again within <see cref="Duration"/> instead of a long fixed lease: the next
/// claim, on any replica, sends them again under the same delivery and event ids (at least once, never under a new id).
/// </summary>
public sealed partial class Lease : IAsyncDisposable
{
    /// <summary>How long a claim hides its rows from other claims unless renewed.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    /// <summary>How often a held lease is renewed: three renewals may fail before it lapses.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(4);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    private Lease(Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task> renew, DateTimeOffset heldUntil, TimeProvider clock, ILogger logger) =>
        _renewing = RenewAsync(renew, heldUntil, clock, logger);

    /// <summary>
    /// Keeps claimed rows leased until disposed. <paramref name="renewSql"/> moves the next attempt of the rows still
    /// held, those whose next attempt is still <c>@heldUntil</c> (an outcome recorded meanwhile moves it elsewhere), to
    /// <c>@leaseUntil</c>; <paramref name="parameters"/> gives its parameters from those two.
    /// </summary>
    public static Lease KeepRenewed(
        NpgsqlDataSource dataSource, string renewSql, DateTimeOffset heldUntil, Func<DateTimeOffset, DateTimeOffset, object> parameters,
        TimeProvider clock, ILogger logger) =>
        new(async (held, until, ct) =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(renewSql, parameters(held, until), cancellationToken: ct));
        }, heldUntil, clock, logger);

    private async Task RenewAsync(Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task> renew, DateTimeOffset heldUntil, TimeProvider clock, ILogger logger)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RenewEvery, clock, _stop.Token);
                var until = clock.GetUtcNow() + Duration;
                await renew(heldUntil, until, _stop.Token);
                heldUntil = until;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The lease may lapse and the rows be claimed again elsewhere: that is how work survives a failover.
                LogRenewalFailed(logger, e.GetType().Name);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew a lease on claimed work ({Error}); it is due again when the lease ends")]
    private static partial void LogRenewalFailed(ILogger logger, string error);
}
