using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Database;
using RecruitSignal.Infrastructure;
using RecruitSignal.Policies;

namespace RecruitSignal.Rescoring;

public sealed class RescoringOptions
{
    public const string Section = "Rescoring";

    /// <summary>Run bulk rescoring jobs in this process (environment: <c>Rescoring__Enabled</c>).</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 3600, ErrorMessage = "Rescoring__PollIntervalSeconds must be from 1 to 3600.")]
    public int PollIntervalSeconds { get; set; } = 5;

    [Range(1, 1000, ErrorMessage = "Rescoring__BatchSize must be from 1 to 1000.")]
    public int BatchSize { get; set; } = 100;
}

/// <summary>
/// Works through bulk rescoring jobs one chunk of candidates per transaction. The job row is claimed with
/// FOR UPDATE SKIP LOCKED for the chunk's duration, so replicas share jobs without doing a chunk twice,
/// and a crash loses at most the chunk in progress (its transaction rolls back; the cursor did not move).
/// </summary>
public sealed partial class RescoringWorker(
    NpgsqlDataSource dataSource, PolicyStore policies, Rescorer rescorer, TimeProvider clock,
    IOptions<RescoringOptions> options, ILogger<RescoringWorker> logger) : PollingService(clock, logger)
{
    private const string ClaimSql = $"""
        select {RescoringJobRow.Columns} from rescoring_jobs
        where status <> 'completed'
        order by created_at
        limit 1
        for update skip locked
        """;

    // Every candidate of the chunk is locked (key share, as every writer about a candidate) before anything else,
    // waiting for one a refresh or an erasure holds: skipping it would leave it out of the job for good, since the
    // cursor moves past it. An erased one is then simply not there.
    private const string ChunkSql = """
        select id from candidates
        where tenant_id = @TenantId and (@LastCandidateId::uuid is null or id > @LastCandidateId)
        order by id
        limit @batchSize
        for key share
        """;

    // A locked row that was deleted meanwhile is left out of a chunk, so a short chunk does not mean the end.
    private const string MoreSql = """
        select exists (select 1 from candidates where tenant_id = @TenantId and (@last::uuid is null or id > @last))
        """;

    private const string LatestSql = $"""
        select {AssessmentRow.Columns}
        from {AssessmentRow.From}
        where a.tenant_id = @tenantId and a.id in (
            select distinct on (candidate_id) id from assessments
            where tenant_id = @tenantId and candidate_id = any(@candidateIds)
            order by candidate_id, created_at desc, id desc)
        """;

    private const string AdvanceSql = """
        update rescoring_jobs set
            processed = processed + @count,
            skipped = skipped + @skipped,
            last_candidate_id = coalesce(@last, last_candidate_id),
            status = case when @done then 'completed' else 'running' end,
            updated_at = @now,
            completed_at = case when @done then @now end
        where tenant_id = @tenantId and id = @id
        """;

    protected override bool Enabled => options.Value.Enabled;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.PollIntervalSeconds);

    protected override async Task PollAsync(CancellationToken ct)
    {
        // A chunk that lost a deadlock rolled back whole (its cursor did not move): it runs again.
        while (await Contention.RetryAsync(() => ProcessOnceAsync(ct), ct))
        {
        }
    }

    /// <summary>Processes one chunk of the oldest unfinished job; false when there was nothing to do.</summary>
    public async Task<bool> ProcessOnceAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var job = await connection.QuerySingleOrDefaultAsync<RescoringJobRow>(new CommandDefinition(ClaimSql, transaction: transaction, cancellationToken: ct));
        if (job is null)
        {
            return false;
        }

        var batchSize = options.Value.BatchSize;
        var policy = await policies.FindAsync(transaction, job.TenantId, job.PolicyVersion, ct)
            ?? throw new InvalidOperationException($"Rescoring job {job.Id} names policy '{job.PolicyVersion}', which does not exist.");
        var candidateIds = (await connection.QueryAsync<Guid>(new CommandDefinition(
            ChunkSql, new { job.TenantId, job.LastCandidateId, batchSize }, transaction, cancellationToken: ct))).ToArray();
        var latest = await connection.QueryAsync<AssessmentRow>(new CommandDefinition(
            LatestSql, new { tenantId = job.TenantId, candidateIds }, transaction, cancellationToken: ct));
        var skipped = 0;
        foreach (var stored in latest.Select(row => row.ToResponse()))
        {
            // Evidence still on its way is not final: its lookup scores the assessment when X answers. An assessment of X
            // alone has nothing to score under a policy of several networks (see the rescore endpoint).
            if (stored.Status is AssessmentStatus.Pending or AssessmentStatus.BudgetExhausted
                || await rescorer.RescoreAsync(connection, transaction, job.TenantId, job.ApiKeyId, stored, policy, ct) is null)
            {
                skipped++;
            }
        }

        var last = candidateIds.Length > 0 ? candidateIds[^1] : job.LastCandidateId;
        var more = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(MoreSql, new { job.TenantId, last }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(AdvanceSql, new
        {
            tenantId = job.TenantId,
            id = job.Id,
            count = candidateIds.Length - skipped,
            skipped,
            last = candidateIds.Length > 0 ? candidateIds[^1] : (Guid?)null,
            done = !more,
            now = Clock.GetUtcNow(),
        }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        LogChunk(Logger, job.Id, candidateIds.Length);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rescoring job {JobId}: rescored {Count} candidates")]
    private static partial void LogChunk(ILogger logger, Guid jobId, int count);
}
