using System.Security.Claims;
using Npgsql;
using NpgsqlTypes;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Audit;

/// <summary>
/// Appends audit entries inside the caller's transaction, so an action and its entry are stored together or not
/// at all. An entry is written with only an id from a sequence: no lock and no read of the chain, so a tenant's
/// transactions commit in parallel. <see cref="AuditSealer"/> links committed entries into the tenant's chain.
/// </summary>
public sealed class AuditLog(TimeProvider clock)
{
    /// <summary>One entry; <c>id</c>, from the sequence, is its order among the entries sealed together.</summary>
    public const string InsertOneSql = """
        insert into audit_log (tenant_id, at, api_key_id, action, target_type, target_id)
        values (@tenantId, @at, @apiKeyId, @action, @targetType, @targetId)
        """;

    // WITH ORDINALITY and ORDER BY: the ids follow the events' order.
    private const string InsertManySql = """
        insert into audit_log (tenant_id, at, api_key_id, action, target_type, target_id)
        select @tenantId, @at, @apiKeyId, e.action, e.target_type, e.target_id
        from unnest(@actions, @targetTypes, @targetIds) with ordinality as e(action, target_type, target_id, n)
        order by e.n
        """;

    /// <summary>Appends one entry in the caller's transaction (one round trip).</summary>
    public async Task AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid? apiKeyId, AuditEvent audited, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(InsertOneSql, connection, transaction);
        AddParameters(command.Parameters, tenantId, apiKeyId, audited);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The statement that appends one entry, to send in the caller's own <see cref="NpgsqlBatch"/> with its other
    /// statements (a screening's single round trip).
    /// </summary>
    public NpgsqlBatchCommand AppendCommand(Guid tenantId, Guid? apiKeyId, AuditEvent audited)
    {
        var command = new NpgsqlBatchCommand(InsertOneSql);
        AddParameters(command.Parameters, tenantId, apiKeyId, audited);
        return command;
    }

    /// <summary>Appends the events in order, in one statement whatever their number (a batch screening).</summary>
    public async Task AppendManyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid? apiKeyId, IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(InsertManySql, connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("tenantId", tenantId),
                new NpgsqlParameter<DateTime>("at", Now()),
                new NpgsqlParameter("apiKeyId", NpgsqlDbType.Uuid) { Value = (object?)apiKeyId ?? DBNull.Value },
                new NpgsqlParameter<string[]>("actions", events.Select(e => WireName.Of(e.Action)).ToArray()),
                new NpgsqlParameter<string[]>("targetTypes", events.Select(e => WireName.Of(e.TargetType)).ToArray()),
                new NpgsqlParameter<string[]>("targetIds", events.Select(e => e.TargetId).ToArray()),
            },
        };
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Appends in a transaction of its own, for actions that write nothing else (an export).</summary>
    public async Task AppendAsync(NpgsqlDataSource dataSource, Guid tenantId, Guid? apiKeyId, AuditEvent audited, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(InsertOneSql);
        AddParameters(command.Parameters, tenantId, apiKeyId, audited);
        await command.ExecuteNonQueryAsync(ct);
    }

    private void AddParameters(NpgsqlParameterCollection parameters, Guid tenantId, Guid? apiKeyId, AuditEvent audited)
    {
        parameters.Add(new NpgsqlParameter<Guid>("tenantId", tenantId));
        parameters.Add(new NpgsqlParameter<DateTime>("at", Now()));
        parameters.Add(new NpgsqlParameter("apiKeyId", NpgsqlDbType.Uuid) { Value = (object?)apiKeyId ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter<string>("action", WireName.Of(audited.Action)));
        parameters.Add(new NpgsqlParameter<string>("targetType", WireName.Of(audited.TargetType)));
        parameters.Add(new NpgsqlParameter<string>("targetId", audited.TargetId));
    }

    // PostgreSQL keeps microseconds: the sealer hashes what is stored.
    private DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }
}

public static class AuditClaims
{
    /// <summary>The id of the API key that made the request, recorded as the actor of audit entries.</summary>
    public static Guid? ApiKeyId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ApiKeyAuthentication.KeyClaim), out var id) ? id : null;
}
