using Dapper;
using Npgsql;
using RecruitSignal.Candidates;
using RecruitSignal.Infrastructure;
using RecruitSignal.Presence.X;
using RecruitSignal.Presence;
using RecruitSignal.Scoring;

namespace RecruitSignal.Lookups;

/// <summary>A claimed lookup: whose handle to observe, and the terms its assessment is scored against.</summary>
public sealed record LookupJob
{
    public Guid TenantId { get; init; }
    public Guid Id { get; init; }
    public Guid AssessmentId { get; init; }
    public Guid CandidateId { get; init; }
    public required string Handle { get; init; }
    public int Attempts { get; init; }
    public required string[] RelevanceTerms { get; init; }

    /// <summary>The network of a multi-network assessment's lookup; null for a default@1 X lookup, which completes its assessment alone.</summary>
    public string? Network { get; init; }
}

/// <summary>The lookup job queue in PostgreSQL, shared by every replica through FOR UPDATE SKIP LOCKED.</summary>
public sealed partial class LookupJobs(NpgsqlDataSource dataSource, AssessmentCompletion completion, XObservationStore observations)
{
    public const string ConsentWithdrawn = "The candidate withdrew consent to the X lookup before it ran; nothing was fetched.";

    private const string EnqueueSql = """
        insert into presence_lookup_jobs (tenant_id, id, assessment_id, candidate_id, handle, network, status, attempts, next_attempt_at, created_at, updated_at)
        values (@tenantId, @id, @assessmentId, @candidateId, @handle, @network, 'pending', 0, @now, @now, @now)
        """;

    // A claimed job is due again only when its lock expires, which is how a crashed worker's jobs come back.
    private const string ClaimSql = """
        with due as (
            select tenant_id, id from presence_lookup_jobs
            where status = 'pending' and next_attempt_at <= @now
            order by next_attempt_at
            limit @batchSize
            for update skip locked
        )
        update presence_lookup_jobs j
        set attempts = j.attempts + 1, locked_until = @lockedUntil, next_attempt_at = @lockedUntil, updated_at = @now
        from due, assessments a
        where j.tenant_id = due.tenant_id and j.id = due.id and a.tenant_id = j.tenant_id and a.id = j.assessment_id
        returning j.tenant_id, j.id, j.assessment_id, j.candidate_id, j.handle, j.attempts, a.relevance_terms, j.network
        """;

    private const string RescheduleSql = """
        update presence_lookup_jobs
        set next_attempt_at = @at, locked_until = null, last_error = @error, attempts = attempts - @refund, updated_at = @now
        where tenant_id = @tenantId and id = @id and status = 'pending'
        """;

    // Only jobs still held: a job rescheduled or finished meanwhile has another next attempt.
    private const string RenewSql = """
        update presence_lookup_jobs set locked_until = @leaseUntil, next_attempt_at = @leaseUntil
        where tenant_id = any(@tenantIds) and id = any(@ids) and status = 'pending' and next_attempt_at = @heldUntil
        """;

    // A worker that stops (SIGTERM) hands its unfinished claims back at once instead of holding their lock.
    private const string ReleaseSql = """
        update presence_lookup_jobs j
        set next_attempt_at = @now, locked_until = null, attempts = greatest(j.attempts - 1, 0), updated_at = @now
        from unnest(@tenantIds, @ids) as r(tenant_id, id)
        where j.tenant_id = r.tenant_id and j.id = r.id and j.status = 'pending'
        """;

    private const string FinishSql = """
        update presence_lookup_jobs set status = @status, locked_until = null, last_error = @error, updated_at = @now
        where tenant_id = @tenantId and id = @id and status = 'pending'
        """;

    private const string CancelForCandidateSql = """
        update presence_lookup_jobs set status = 'cancelled', locked_until = null, last_error = @error, updated_at = @now
        where tenant_id = @tenantId and candidate_id = @candidateId and status in ('pending', 'budget_exhausted')
        returning assessment_id
        """;

    private const string PendingForCandidateSql = """
        select assessment_id from presence_lookup_jobs
        where tenant_id = @tenantId and candidate_id = @candidateId and status in ('pending', 'budget_exhausted')
        order by created_at desc
        limit 1
        """;

    public Task EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid assessmentId, Guid candidateId,
        string handle, DateTimeOffset now, CancellationToken ct, string? network = null) =>
        connection.ExecuteAsync(new CommandDefinition(EnqueueSql, new
        {
            tenantId, id = Guid.CreateVersion7(now), assessmentId, candidateId, handle, network, now = now.UtcDateTime,
        }, transaction, cancellationToken: ct));

    /// <summary>Claims up to <paramref name="batchSize"/> due jobs for <paramref name="lockFor"/>; concurrent claims get disjoint sets.</summary>
    public async Task<IReadOnlyList<LookupJob>> ClaimAsync(int batchSize, DateTimeOffset now, TimeSpan lockFor, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var jobs = await connection.QueryAsync<LookupJob>(new CommandDefinition(ClaimSql, new
        {
            batchSize, now = now.UtcDateTime, lockedUntil = (now + lockFor).UtcDateTime,
        }, cancellationToken: ct));
        return jobs.ToList();
    }

    /// <summary>Puts the job back for <paramref name="at"/>; a refunded attempt (rate limit) does not count towards giving up.</summary>
    public async Task RescheduleAsync(LookupJob job, DateTimeOffset at, string error, bool refundAttempt, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(RescheduleSql, new
        {
            job.TenantId, job.Id, at = at.UtcDateTime, error, refund = refundAttempt ? 1 : 0, now = now.UtcDateTime,
        }, cancellationToken: ct));
    }

    /// <summary>
    /// Keeps claimed jobs hidden from other workers while this one runs them (<see cref="Lease"/>): a worker that dies or
    /// loses its database in a failover stops renewing, and its jobs are due again within seconds, not at the end of a long lock.
    /// </summary>
    public Lease KeepLeased(IReadOnlyCollection<LookupJob> claimed, DateTimeOffset heldUntil, TimeProvider clock, ILogger logger)
    {
        var (tenantIds, ids) = (claimed.Select(j => j.TenantId).ToArray(), claimed.Select(j => j.Id).ToArray());
        return Lease.KeepRenewed(dataSource, RenewSql, heldUntil,
            (held, until) => new { tenantIds, ids, heldUntil = held.UtcDateTime, leaseUntil = until.UtcDateTime }, clock, logger);
    }

    /// <summary>Gives claimed jobs back to the queue, due now, their attempt not counted (the worker is stopping).</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<LookupJob> claimed, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new
        {
            tenantIds = claimed.Select(j => j.TenantId).ToArray(), ids = claimed.Select(j => j.Id).ToArray(), now = now.UtcDateTime,
        }, cancellationToken: ct));
    }

    /// <summary>Stores the observation and completes the assessment, unless the job was cancelled meanwhile.</summary>
    public async Task<bool> CompleteAsync(LookupJob job, PresenceObservation observation, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // The candidate first, as every writer about a candidate: an erasure in flight is waited for, not deadlocked with.
        if (!await CandidateLock.HoldAsync(connection, transaction, job.TenantId, job.CandidateId, ct)
            || !await FinishAsync(connection, transaction, job, "completed", null, now, ct))
        {
            return false;
        }

        var observationId = await observations.InsertAsync(connection, transaction, job.TenantId, job.CandidateId, job.Handle, observation, job.RelevanceTerms, now, ct);
        await completion.CompleteAsync(connection, transaction, job.TenantId, job.AssessmentId, observationId, observation, job.RelevanceTerms.Length > 0, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Gives the job up: failed with a reason, or cancelled because consent is gone.</summary>
    public async Task FailAsync(LookupJob job, string reason, bool consentWithdrawn, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await CandidateLock.HoldAsync(connection, transaction, job.TenantId, job.CandidateId, ct)
            && await FinishAsync(connection, transaction, job, consentWithdrawn ? "cancelled" : "failed", reason, now, ct))
        {
            var code = consentWithdrawn ? ReasonCodes.NoConsentForLookup : ReasonCodes.LookupFailed;
            await completion.FailAsync(connection, transaction, job.TenantId, [job.AssessmentId], reason, code, ct);
            await transaction.CommitAsync(ct);
        }
    }

    /// <summary>Stops every pending lookup of the candidate (consent withdrawn); returns how many.</summary>
    public async Task<int> CancelForCandidateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid candidateId, DateTimeOffset now, CancellationToken ct)
    {
        var assessmentIds = (await connection.QueryAsync<Guid>(new CommandDefinition(CancelForCandidateSql, new
        {
            tenantId, candidateId, error = ConsentWithdrawn, now = now.UtcDateTime,
        }, transaction, cancellationToken: ct))).ToList();
        await completion.FailAsync(connection, transaction, tenantId, assessmentIds, ConsentWithdrawn, ReasonCodes.NoConsentForLookup, ct);
        return assessmentIds.Count;
    }

    /// <summary>The assessment of the candidate's pending lookup, if one is queued.</summary>
    public Task<Guid?> PendingAssessmentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid candidateId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(PendingForCandidateSql, new { tenantId, candidateId }, transaction, cancellationToken: ct));

    internal static async Task<bool> FinishAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, LookupJob job, string status, string? error, DateTimeOffset now, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(FinishSql, new
        {
            job.TenantId, job.Id, status, error, now = now.UtcDateTime,
        }, transaction, cancellationToken: ct)) == 1;
}
