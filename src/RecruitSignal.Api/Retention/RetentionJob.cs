using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Privacy;

namespace RecruitSignal.Retention;

public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Purge candidates past their tenant's retention period in this process (environment: <c>Retention__Enabled</c>).</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 1440, ErrorMessage = "Retention__PollIntervalMinutes must be from 1 to 1440.")]
    public int PollIntervalMinutes { get; set; } = 60;

    [Range(1, 1000, ErrorMessage = "Retention__BatchSize must be from 1 to 1000.")]
    public int BatchSize { get; set; } = 100;
}

/// <summary>
/// Erases candidates not updated for longer than their tenant's retention period, through the same
/// erasure as a DELETE request. Due candidates are claimed with FOR UPDATE SKIP LOCKED, a batch per
/// transaction, so replicas share the work. Then purges audit entries past their tenant's audit period (<see cref="AuditRetention"/>).
/// </summary>
public sealed partial class RetentionJob(
    NpgsqlDataSource dataSource, CandidateErasure erasure, AuditRetention auditRetention, TimeProvider clock,
    IOptions<RetentionOptions> options, ILogger<RetentionJob> logger) : PollingService(clock, logger)
{
    public const int DefaultDays = 730;

    private const string DueSql = """
        select c.tenant_id, c.id from candidates c
        left join tenant_settings s on s.tenant_id = c.tenant_id
        where c.updated_at < @now - make_interval(days => coalesce(s.retention_days, @defaultDays))
        order by c.updated_at
        limit @batchSize
        for update of c skip locked
        """;

    protected override bool Enabled => options.Value.Enabled;

    protected override TimeSpan Interval => TimeSpan.FromMinutes(options.Value.PollIntervalMinutes);

    protected override async Task PollAsync(CancellationToken ct)
    {
        await ProcessDueAsync(ct);
        await PurgeAuditAsync(ct);
    }

    /// <summary>Purges the audit entries past their tenant's <c>auditDays</c> now; returns how many.</summary>
    public Task<long> PurgeAuditAsync(CancellationToken ct) => auditRetention.PurgeDueAsync(Clock.GetUtcNow(), ct);

    /// <summary>Erases every candidate due now, a batch per transaction, and returns how many.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken ct)
    {
        var total = 0;
        var batchSize = options.Value.BatchSize;
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var due = (await connection.QueryAsync<(Guid TenantId, Guid Id)>(new CommandDefinition(
                DueSql, new { now = Clock.GetUtcNow(), batchSize, defaultDays = DefaultDays }, transaction, cancellationToken: ct))).ToList();
            foreach (var (tenantId, candidateId) in due)
            {
                await erasure.EraseAsync(connection, transaction, tenantId, candidateId, ErasureReason.Retention, apiKeyId: null, ct);
            }

            await transaction.CommitAsync(ct);
            total += due.Count;
            if (due.Count < batchSize)
            {
                if (total > 0)
                {
                    LogPurged(Logger, total);
                }

                return total;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purge erased {Count} candidates")]
    private static partial void LogPurged(ILogger logger, int count);
}
