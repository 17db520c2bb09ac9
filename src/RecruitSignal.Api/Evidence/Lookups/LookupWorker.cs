using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Consent;
using RecruitSignal.Infrastructure;
using RecruitSignal.Presence.X;
using RecruitSignal.Presence;
using RecruitSignal.Scoring;
using RecruitSignal.Screenings;
using RecruitSignal.Telemetry;

namespace RecruitSignal.Lookups;

/// <summary>
/// Runs due lookup jobs: checks consent again, observes the account on its network (the job's provider), stores the
/// observation and completes the assessment. Any number of replicas run it side by side; the queue hands each job to one.
/// </summary>
public sealed partial class LookupWorker(
    LookupJobs jobs,
    ConsentStore consents,
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    IOptions<XApiOptions> options,
    TimeProvider clock,
    ILogger<LookupWorker> logger,
    PresenceProviders providers,
    NetworkCompletion networkCompletion) : BackgroundService
{
    /// <summary>How long a claimed job stays hidden from other workers unless its lease is renewed, as it is while the job runs.</summary>
    public static readonly TimeSpan LockDuration = Lease.Duration;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromMinutes(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.WorkerEnabled || !providers.Configured.Any())
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var processed = 0;
            try
            {
                processed = await ProcessDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRoundFailed(logger, e);
            }

            // A full batch means more jobs may be due right now.
            if (processed < settings.BatchSize)
            {
                try
                {
                    await Task.Delay(settings.PollInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims one batch of due jobs and runs them; returns how many were claimed.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        // Lookups that waited for their network's allowance (X: the tenant's budget) come back first.
        foreach (var network in providers.Configured)
        {
            await providers.Get(network, scope.ServiceProvider).ResumeWaitingAsync(ct);
        }

        var now = clock.GetUtcNow();
        var claimed = await jobs.ClaimAsync(options.Value.BatchSize, now, LockDuration, ct);
        var unfinished = claimed.ToList();
        try
        {
            if (claimed.Count > 0)
            {
                await using var lease = jobs.KeepLeased(claimed, now + LockDuration, clock, logger);
                await ProcessAllAsync(claimed, unfinished, scope.ServiceProvider, ct);
            }
        }
        finally
        {
            if (ct.IsCancellationRequested && unfinished.Count > 0)
            {
                // Stopping: another replica takes them now rather than when their lock expires.
                await jobs.ReleaseAsync(unfinished, clock.GetUtcNow(), CancellationToken.None);
            }
        }

        return claimed.Count;
    }

    private async Task ProcessAllAsync(IReadOnlyList<LookupJob> claimed, List<LookupJob> unfinished, IServiceProvider scope, CancellationToken ct)
    {
        foreach (var job in claimed)
        {
            // One trace per job: the consent check, every X call and the writes are its children.
            using var activity = Instruments.Source.StartActivity("lookup job");
            activity?.SetTag("recruitsignal.job.id", job.Id);
            var network = job.Network ?? Networks.X;
            activity?.SetTag("recruitsignal.lookup.network", network);
            var started = clock.GetTimestamp();
            try
            {
                var provider = providers.Get(network, scope);
                var outcome = job.Network is null ? await ProcessAsync(job, provider, ct) : await ProcessNetworkAsync(job, provider, ct);
                activity?.SetTag("recruitsignal.lookup.outcome", outcome);
                Instruments.LookupFinished(outcome, clock.GetElapsedTime(started), network);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The job keeps its lock and comes back when it expires; attempts bound how often.
                LogJobCrashed(logger, e, job.Id);
            }

            unfinished.Remove(job);
        }
    }

    /// <summary>Runs one claimed job; returns its outcome for the metrics.</summary>
    private async Task<string> ProcessAsync(LookupJob job, IPresenceProvider provider, CancellationToken ct)
    {
        var settings = options.Value;
        var now = ScreeningStore.Microseconds(clock.GetUtcNow());
        if (job.Attempts > settings.MaxAttempts)
        {
            await jobs.FailAsync(job, $"The X lookup was given up after {settings.MaxAttempts} attempts.", consentWithdrawn: false, now, ct);
            return "failed";
        }

        bool consented;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            consented = await consents.IsGrantedAsync(connection, null, job.TenantId, job.CandidateId, ct);
        }

        if (!consented)
        {
            await jobs.FailAsync(job, LookupJobs.ConsentWithdrawn, consentWithdrawn: true, now, ct);
            return "cancelled";
        }

        try
        {
            var terms = RelevanceTerms.From(job.RelevanceTerms, null, null);
            var observation = await provider.ObserveAsync(job.TenantId, job.Handle, now, terms, ct);
            await jobs.CompleteAsync(job, observation, now, ct);
            return "completed";
        }
        catch (LookupException failure) when (WaitsOrRetries(job, failure))
        {
            return await LaterAsync(job, failure, now, ct);
        }
        catch (LookupException failure)
        {
            LogFailed(logger, job.Id, failure.Message);
            await jobs.FailAsync(job, failure.Message, consentWithdrawn: false, now, ct);
            return "failed";
        }
    }

    /// <summary>Whether the failure puts the job back in the queue (rate limit, budget, a transient failure with attempts left) rather than ending it.</summary>
    private bool WaitsOrRetries(LookupJob job, LookupException failure) =>
        failure.Kind is LookupFailureKind.RateLimited or LookupFailureKind.BudgetExhausted
        || (failure.Kind == LookupFailureKind.Transient && job.Attempts < options.Value.MaxAttempts);

    /// <summary>Puts the job back: until the network's reset (its attempt refunded), until the tenant has reads again, or after a backoff.</summary>
    private async Task<string> LaterAsync(LookupJob job, LookupException failure, DateTimeOffset now, CancellationToken ct)
    {
        switch (failure.Kind)
        {
            case LookupFailureKind.BudgetExhausted:
                LogBudgetExhausted(logger, job.Id);
                await jobs.WaitForBudgetAsync(job, failure.Message, now, ct);
                return "budget_exhausted";
            case LookupFailureKind.RateLimited:
                LogRateLimited(logger, job.Id, failure.RetryAt!.Value);
                await jobs.RescheduleAsync(job, failure.RetryAt.Value, failure.Message, refundAttempt: true, now, ct);
                return "rate_limited";
            default:
                var delay = TimeSpan.FromTicks(Math.Min(FirstRetryDelay.Ticks << Math.Min(job.Attempts - 1, 16), LongestRetryDelay.Ticks));
                LogRetrying(logger, job.Id, failure.Message, now + delay);
                await jobs.RescheduleAsync(job, now + delay, failure.Message, refundAttempt: false, now, ct);
                return "retrying";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "X lookup job {JobId} waits: its tenant's monthly X reads are used up")]
    private static partial void LogBudgetExhausted(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of X lookups failed; the next round retries")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "X lookup job {JobId} crashed; it is retried when its lock expires")]
    private static partial void LogJobCrashed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "X lookup job {JobId} hit the rate limit; rescheduled for {RetryAt}")]
    private static partial void LogRateLimited(ILogger logger, Guid jobId, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "X lookup job {JobId} failed for now ({Reason}); retried at {RetryAt}")]
    private static partial void LogRetrying(ILogger logger, Guid jobId, string reason, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "X lookup job {JobId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid jobId, string reason);
}
