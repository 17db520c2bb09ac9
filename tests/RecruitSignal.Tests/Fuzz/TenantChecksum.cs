using Dapper;
using Npgsql;
using RecruitSignal.Tests.Integration.Hardening;

namespace RecruitSignal.Tests.Fuzz;

/// <summary>
/// A fingerprint of everything one tenant holds: per table with a tenant_id, the row count and an MD5 of the rows
/// in a fixed order, in one round trip. api_keys is left out: it holds the tenant's credential, not what requests write.
/// </summary>
public sealed class TenantChecksum
{
    private readonly string _sql;

    private TenantChecksum(string sql) => _sql = sql;

    public static async Task<TenantChecksum> ForAsync(NpgsqlConnection connection)
    {
        var parts = (await TenantRows.TablesAsync(connection))
            .Where(table => table != "api_keys")
            .Select(table => (table, row: Row(table)))
            .Select(t => $"select '{t.table}:' || count(*) || ':' || coalesce(md5(string_agg({t.row}, '|' order by {t.row})), '') as part from {t.table} t where tenant_id = @tenantId");
        return new TenantChecksum($"select string_agg(part, ' ' order by part) from ({string.Join(" union all ", parts)}) tables");
    }

    // The sealer links audit entries into their chain after commit (seq and hashes, from null, once): that is not a
    // request writing, so an entry counts by what was appended.
    private static string Row(string table) =>
        table == "audit_log" ? "(t.id, t.at, t.api_key_id, t.action, t.target_type, t.target_id)::text" : "t::text";

    public async Task<string> ReadAsync(NpgsqlConnection connection, Guid tenantId) =>
        await connection.ExecuteScalarAsync<string>(_sql, new { tenantId }) ?? "";
}
