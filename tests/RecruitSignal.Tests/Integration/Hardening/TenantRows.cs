using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace RecruitSignal.Tests.Integration.Hardening;

/// <summary>Every row of one tenant, in every table that has a tenant_id, read as JSON.</summary>
public static partial class TenantRows
{
    private const string TablesSql = """
        select table_name from information_schema.columns
        where table_schema = 'public' and column_name = 'tenant_id'
        order by table_name
        """;

    /// <summary>The tables that hold tenant data, found in the schema rather than listed, so new ones are included.</summary>
    public static async Task<IReadOnlyList<string>> TablesAsync(NpgsqlConnection connection) =>
        (await connection.QueryAsync<string>(TablesSql)).ToList();

    /// <summary>Each table's rows as JSON objects.</summary>
    public static async Task<Dictionary<string, List<JsonObject>>> ReadAsync(string connectionString, Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = new Dictionary<string, List<JsonObject>>();
        foreach (var table in await TablesAsync(connection))
        {
            var json = await connection.QueryAsync<string>($"select to_jsonb(t)::text from {table} t where tenant_id = @tenantId", new { tenantId });
            rows[table] = json.Select(j => JsonNode.Parse(j)!.AsObject()).ToList();
        }

        return rows;
    }

    /// <summary>
    /// The rows with what differs between two runs of the same requests blanked: ids and times (kept as
    /// "uuid" / "time", so a null stays distinguishable), the audit hashes built over them and audit_log's numeric id.
    /// </summary>
    public static Dictionary<string, List<string>> WithoutIdsAndTimes(Dictionary<string, List<JsonObject>> tables) =>
        tables.ToDictionary(t => t.Key, t => t.Value.Select(Normalise).Order(StringComparer.Ordinal).ToList());

    private static string Normalise(JsonObject row)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in row.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // audit_log's id is a number from one sequence for all tenants, as much a surrogate as a uuid; so are the
            // commit positions, which count commits (a batch is one, its items sent alone are many)
            if (name is "tenant_id" or "hash" or "prev_hash" or "list_position" || (name == "id" && value is JsonValue { } id && id.GetValueKind() == System.Text.Json.JsonValueKind.Number))
            {
                continue;
            }

            copy[name] = value is JsonValue v && v.TryGetValue<string>(out var text)
                ? Uuid().IsMatch(text) ? "uuid" : Timestamp().IsMatch(text) ? "time" : text
                : value?.DeepClone();
        }

        return copy.ToJsonString();
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")]
    private static partial Regex Timestamp();
}
