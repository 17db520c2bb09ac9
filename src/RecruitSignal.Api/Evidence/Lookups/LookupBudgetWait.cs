using Dapper;
using RecruitSignal.Scoring;

namespace RecruitSignal.Lookups;

/// <summary>
/// Lookups that wait for the tenant's X read budget: out of the queue (status budget_exhausted, on the job and on
/// its assessment) until the tenant has reads left again, next month or after a higher cap; then back in the queue.
/// </summary>
public sealed partial class LookupJobs
{
    private const string WaitSql = """
        with job as (
            update presence_lookup_jobs
            set status = 'budget_exhausted', locked_until = null, attempts = greatest(attempts - 1, 0), last_error = @error, updated_at = @now
            where tenant_id = @tenantId and id = @id and status = 'pending'
            returning tenant_id, assessment_id
        )
        update assessments a
        set status = 'budget_exhausted', reason_codes = array_replace(a.reason_codes, @pending, @exhausted)
        from job
        where a.tenant_id = job.tenant_id and a.id = job.assessment_id and a.status = 'pending'
        """;

    // The tenant's cap: its own, else the service's (@serviceCap, null for none).
    private const string ResumeSql = """
        with resumable as (
            select j.tenant_id, j.id
            from presence_lookup_jobs j
            join tenants t on t.id = j.tenant_id
            left join x_read_usage u on u.tenant_id = j.tenant_id and u.month = @month
            where j.status = 'budget_exhausted'
              and (coalesce(t.x_monthly_reads, @serviceCap::integer) is null
                   or coalesce(u.reads, 0) < coalesce(t.x_monthly_reads, @serviceCap::integer))
            for update of j skip locked
        ),
        job as (
            update presence_lookup_jobs j set status = 'pending', next_attempt_at = @now, last_error = null, updated_at = @now
            from resumable r
            where j.tenant_id = r.tenant_id and j.id = r.id
            returning j.tenant_id, j.assessment_id
        )
        update assessments a
        set status = 'pending', reason_codes = array_replace(a.reason_codes, @exhausted, @pending)
        from job
        where a.tenant_id = job.tenant_id and a.id = job.assessment_id and a.status = 'budget_exhausted'
        """;

    /// <summary>Takes the job out of the queue until the tenant has reads again; the attempt does not count.</summary>
    public async Task WaitForBudgetAsync(LookupJob job, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(WaitSql, new
        {
            job.TenantId, job.Id, error = reason, now = now.UtcDateTime,
            pending = ReasonCodes.LookupPending, exhausted = ReasonCodes.XReadBudgetExhausted,
        }, cancellationToken: ct));
    }

    /// <summary>Puts back in the queue every waiting job whose tenant has reads left this month; returns how many.</summary>
    public async Task<int> ResumeWithBudgetAsync(DateOnly month, int? serviceCap, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(ResumeSql, new
        {
            month, serviceCap, now = now.UtcDateTime,
            pending = ReasonCodes.LookupPending, exhausted = ReasonCodes.XReadBudgetExhausted,
        }, cancellationToken: ct));
    }
}
