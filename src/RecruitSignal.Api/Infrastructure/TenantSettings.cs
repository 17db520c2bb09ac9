using System.Security.Claims;
using Dapper;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Tenants;

namespace RecruitSignal.Infrastructure;

/// <summary>
/// The one way a <c>/v1/settings/...</c> endpoint reads and writes its column of <c>tenant_settings</c>: a tenant
/// without a row reads the default, and a change is written with its audit entry in one transaction.
/// </summary>
public static class TenantSettings
{
    /// <summary>The value the <paramref name="sql"/> selects for the caller's tenant (<c>@tenantId</c>), or <paramref name="fallback"/>.</summary>
    public static async Task<T> ReadAsync<T>(NpgsqlDataSource dataSource, ClaimsPrincipal user, string sql, T fallback, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var value = await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, new { tenantId = user.TenantId() }, cancellationToken: ct));
        return value ?? fallback;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (an upsert given <c>@tenantId</c>, <c>@now</c> and the properties of <paramref name="values"/>)
    /// and appends the audit entry <paramref name="action"/> on the settings <paramref name="name"/>, in one transaction.
    /// </summary>
    public static async Task WriteAsync(
        NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock, ClaimsPrincipal user, string sql, object values, AuditAction action, string name, CancellationToken ct)
    {
        var tenantId = user.TenantId();
        var parameters = new DynamicParameters(values);
        parameters.Add("tenantId", tenantId);
        parameters.Add("now", clock.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, user.ApiKeyId(), new(action, AuditTarget.Settings, name), ct);
        await transaction.CommitAsync(ct);
    }
}
