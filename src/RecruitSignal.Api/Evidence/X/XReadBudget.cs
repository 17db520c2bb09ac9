using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace RecruitSignal.Presence.X;

/// <summary>A tenant's X reads this month (UTC) and its cap: the tenant's own, else the service's, else none.</summary>
public sealed record XReadUsage(DateOnly Month, int Reads, int? Cap, string CapSource)
{
    public int? Remaining => Cap is { } cap ? Math.Max(0, cap - Reads) : null;
}

/// <summary>
/// The monthly cap on X API reads per tenant. Every call to X takes one read first, atomically across replicas
/// (one upsert that refuses to pass the cap), and gives it back if X could not be reached; so the count is the
/// calls X really answered, and the cap is never exceeded, whatever the number of workers.
/// </summary>
public sealed class XReadBudget(NpgsqlDataSource dataSource, IOptions<XApiOptions> options, TimeProvider clock)
{
    private const string SpendSql = """
        with cap as (select coalesce(x_monthly_reads, @serviceCap) as reads from tenants where id = @tenantId)
        insert into x_read_usage (tenant_id, month, reads, updated_at)
        select @tenantId, @month, 1, @now from cap where cap.reads is null or cap.reads >= 1
        on conflict (tenant_id, month) do update set reads = x_read_usage.reads + 1, updated_at = excluded.updated_at
        where (select reads from cap) is null or x_read_usage.reads < (select reads from cap)
        returning reads
        """;

    private const string RefundSql = """
        update x_read_usage set reads = reads - 1, updated_at = @now
        where tenant_id = @tenantId and month = @month and reads > 0
        """;

    private const string UsageSql = """
        select t.x_monthly_reads as tenant_cap, coalesce(u.reads, 0) as reads
        from tenants t left join x_read_usage u on u.tenant_id = t.id and u.month = @month
        where t.id = @tenantId
        """;

    private const string SetCapSql = "update tenants set x_monthly_reads = @cap where id = @tenantId";

    private int? ServiceCap => options.Value.MonthlyReadsPerTenant;

    public DateOnly CurrentMonth()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateOnly(now.Year, now.Month, 1);
    }

    /// <summary>What one lookup job of the tenant may spend: each read is taken from the tenant's month as it is made.</summary>
    public XReadAllowance For(Guid tenantId) => new(ct => SpendAsync(tenantId, ct), ct => RefundAsync(tenantId, ct));

    public async Task<bool> SpendAsync(Guid tenantId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var reads = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(SpendSql, new
        {
            tenantId, serviceCap = ServiceCap, month = CurrentMonth(), now = clock.GetUtcNow().UtcDateTime,
        }, cancellationToken: ct));
        return reads is not null;
    }

    public async Task RefundAsync(Guid tenantId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(RefundSql, new { tenantId, month = CurrentMonth(), now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
    }

    public async Task<XReadUsage> UsageAsync(Guid tenantId, CancellationToken ct)
    {
        var month = CurrentMonth();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleAsync<(int? TenantCap, int Reads)>(new CommandDefinition(UsageSql, new { tenantId, month }, cancellationToken: ct));
        return row.TenantCap is { } own
            ? new XReadUsage(month, row.Reads, own, "tenant")
            : new XReadUsage(month, row.Reads, ServiceCap, ServiceCap is null ? "none" : "service");
    }

    /// <summary>Sets the tenant's own cap; null goes back to the service's (<c>XApi__MonthlyReadsPerTenant</c>).</summary>
    public async Task SetCapAsync(Guid tenantId, int? cap, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(SetCapSql, new { tenantId, cap }, cancellationToken: ct));
    }
}
