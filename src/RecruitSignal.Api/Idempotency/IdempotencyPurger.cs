using Microsoft.Extensions.Options;

namespace RecruitSignal.Idempotency;

/// <summary>Deletes expired Idempotency-Keys every <c>PurgeInterval</c>; replicas share the work.</summary>
public sealed partial class IdempotencyPurger(IdempotencyStore store, IOptions<IdempotencyOptions> options, ILogger<IdempotencyPurger> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.PurgeEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PurgeInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var purged = await store.PurgeExpiredAsync(stoppingToken);
                    if (purged > 0)
                    {
                        LogPurged(logger, purged);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} expired idempotency keys")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging expired idempotency keys failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
