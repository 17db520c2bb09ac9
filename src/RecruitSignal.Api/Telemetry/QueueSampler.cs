using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Telemetry;

/// <summary>
/// Measures the shared queues for the gauges: lookup jobs waiting (due or not, and those waiting for budget)
/// and the age of the oldest webhook delivery that is due. One small query per interval, and only when
/// something reads the metrics; both counts use the partial indexes of pending rows.
/// </summary>
public sealed class QueueSampler(NpgsqlDataSource dataSource, IOptions<TelemetryOptions> options, TimeProvider clock, ILogger<QueueSampler> logger)
    : PollingService(clock, logger)
{
    private const string SampleSql = """
        select
            (select count(*) from presence_lookup_jobs where status = 'pending') as pending_lookups,
            (select count(*) from presence_lookup_jobs where status = 'budget_exhausted') as budget_waiting,
            coalesce((select extract(epoch from now() - min(next_attempt_at)) from webhook_deliveries
                      where status = 'pending' and next_attempt_at <= now()), 0)::float8 as outbox_lag_seconds
        """;

    protected override bool Enabled => options.Value.MetricsRead;

    protected override TimeSpan Interval => options.Value.QueueSampleInterval;

    protected override async Task PollAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var sample = await connection.QuerySingleAsync<(long PendingLookups, long BudgetWaiting, double OutboxLagSeconds)>(
            new CommandDefinition(SampleSql, cancellationToken: ct));
        Instruments.QueuesSampled(sample.PendingLookups, sample.BudgetWaiting, Math.Max(0, sample.OutboxLagSeconds));
    }
}
