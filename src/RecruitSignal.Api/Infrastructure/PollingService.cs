namespace RecruitSignal.Infrastructure;

/// <summary>
/// A background loop that does its work, waits an interval and starts again, until shutdown. A failed
/// round is logged and retried at the next one: it never stops the host. Disabled, it does nothing,
/// so tests can run a round themselves, deterministically.
/// </summary>
public abstract partial class PollingService(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock => clock;

    protected ILogger Logger => logger;

    protected abstract bool Enabled { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>One round of work.</summary>
    protected abstract Task PollAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e, GetType().Name);
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Service} failed; retrying at the next poll")]
    private static partial void LogFailed(ILogger logger, Exception exception, string service);
}
