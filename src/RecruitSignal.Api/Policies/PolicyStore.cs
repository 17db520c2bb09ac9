using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;

namespace RecruitSignal.Policies;

/// <summary>
/// The built-in policies and each tenant's own. A version never changes once written, so a policy read
/// once is kept in memory for good; only the tenant's choice of active version is read per screening.
/// </summary>
public sealed class PolicyStore(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock)
{
    private const string ActiveVersionSql = "select active_policy_version from tenant_settings where tenant_id = @tenantId";

    private const string ByVersionSql = """
        select parameters::text from scoring_policies where version = @version
        union all
        select parameters::text from tenant_policies where tenant_id = @tenantId and version = @version
        limit 1
        """;

    private const string ListSql = """
        select version, parameters::text as parameters, true as built_in, null::timestamptz as created_at from scoring_policies
        union all
        select version, parameters::text, false, created_at from tenant_policies where tenant_id = @tenantId
        order by built_in desc, created_at, version
        """;

    /// <summary>The first key of the two-key advisory lock on a policy name ("Poli"); the audit sealers use another class.</summary>
    private const int LockClass = 0x506f6c69;

    // Creations of one name take turns until their transaction ends, so the next revision read here is never taken by
    // a concurrent one; a hash shared by two names only makes them take turns too.
    private const string LockNameSql = "select pg_advisory_xact_lock(@lockClass, hashtext(@tenantId::text || '/' || @name))";

    private const string InsertSql = """
        insert into tenant_policies (tenant_id, version, name, revision, parameters, created_at)
        select @tenantId, @name || '@' || next.revision, @name, next.revision, jsonb_set(@parameters::jsonb, '{version}', to_jsonb(@name || '@' || next.revision)), @now
        from (select coalesce(max(revision), 0) + 1 as revision from tenant_policies where tenant_id = @tenantId and name = @name) next
        returning version, created_at
        """;

    private const string SetActiveSql = """
        insert into tenant_settings (tenant_id, active_policy_version, updated_at) values (@tenantId, @version, @now)
        on conflict (tenant_id) do update set active_policy_version = excluded.active_policy_version, updated_at = excluded.updated_at
        """;

    /// <summary>
    /// How long a tenant's active version is remembered. A change made here is seen at once; another replica
    /// sees it within this time. It saves a query on every screening.
    /// </summary>
    public static readonly TimeSpan ActiveVersionCacheDuration = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(Guid TenantId, string Version), ScoringPolicy> _cache = new();
    private readonly ConcurrentDictionary<Guid, (string Version, DateTimeOffset Until)> _active = new();

    /// <summary>The policy named, or the tenant's active one; null when the named version is not the tenant's to use.</summary>
    public Task<ScoringPolicy?> ResolveAsync(Guid tenantId, string? version, CancellationToken ct) => ResolveAsync(null, null, tenantId, version, ct);

    /// <summary>
    /// As <see cref="ResolveAsync(Guid, string?, CancellationToken)"/>, reading through <paramref name="transaction"/> when
    /// its caller holds one. A caller holding a pooled connection must not wait for a second: when every connection is held
    /// by such a caller (a burst of screenings as the cached active version expires), none is ever given back.
    /// </summary>
    public Task<ScoringPolicy?> ResolveAsync(NpgsqlTransaction? transaction, Guid tenantId, string? version, CancellationToken ct) =>
        ResolveAsync(transaction?.Connection, transaction, tenantId, version, ct);

    /// <summary>As <see cref="ResolveAsync(NpgsqlTransaction?, Guid, string?, CancellationToken)"/>, for a caller that may hold a connection outside a transaction (a page being read).</summary>
    public Task<ScoringPolicy?> ResolveAsync(NpgsqlConnection? connection, Guid tenantId, string? version, CancellationToken ct) =>
        ResolveAsync(connection, null, tenantId, version, ct);

    private async Task<ScoringPolicy?> ResolveAsync(NpgsqlConnection? connection, NpgsqlTransaction? transaction, Guid tenantId, string? version, CancellationToken ct)
    {
        if (version is null)
        {
            var now = clock.GetUtcNow();
            if (_active.TryGetValue(tenantId, out var active) && active.Until > now)
            {
                version = active.Version;
            }
            else
            {
                version = await ScalarAsync(connection, transaction, ActiveVersionSql, new { tenantId }, ct) ?? ScoringPolicy.DefaultVersion;
                _active[tenantId] = (version, now + ActiveVersionCacheDuration);
            }
        }

        return await FindAsync(connection, transaction, tenantId, version, ct);
    }

    public Task<ScoringPolicy?> FindAsync(Guid tenantId, string version, CancellationToken ct) => FindAsync(null, tenantId, version, ct);

    /// <summary>The policy of this version, read through <paramref name="transaction"/> when its caller holds one (see <see cref="ResolveAsync(NpgsqlTransaction?, Guid, string?, CancellationToken)"/>).</summary>
    public Task<ScoringPolicy?> FindAsync(NpgsqlTransaction? transaction, Guid tenantId, string version, CancellationToken ct) =>
        FindAsync(transaction?.Connection, transaction, tenantId, version, ct);

    private async Task<ScoringPolicy?> FindAsync(NpgsqlConnection? connection, NpgsqlTransaction? transaction, Guid tenantId, string version, CancellationToken ct)
    {
        if (version == ScoringPolicy.DefaultVersion)
        {
            return ScoringPolicy.Default;
        }

        if (_cache.TryGetValue((tenantId, version), out var cached))
        {
            return cached;
        }

        var parameters = await ScalarAsync(connection, transaction, ByVersionSql, new { tenantId, version }, ct);
        return parameters is null ? null : _cache.GetOrAdd((tenantId, version), Parse(parameters));
    }

    private async Task<string?> ScalarAsync(NpgsqlConnection? held, NpgsqlTransaction? transaction, string sql, object parameters, CancellationToken ct)
    {
        if (held is not null)
        {
            return await held.ExecuteScalarAsync<string?>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(sql, parameters, cancellationToken: ct));
    }

    public async Task<PolicyList> ListAsync(Guid tenantId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var active = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(ActiveVersionSql, new { tenantId }, cancellationToken: ct))
            ?? ScoringPolicy.DefaultVersion;
        var rows = await connection.QueryAsync<PolicyRow>(new CommandDefinition(ListSql, new { tenantId }, cancellationToken: ct));
        return new PolicyList(active, rows.Select(row => row.ToResponse(active)).ToList());
    }

    public async Task<PolicyResponse> CreateAsync(Guid tenantId, Guid? apiKeyId, PolicyRequest request, CancellationToken ct)
    {
        var parameters = JsonSerializer.Serialize(request.ToPolicy(""), Json.Options);
        var args = new { tenantId, name = request.Name, parameters, now = clock.GetUtcNow() };
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(LockNameSql, new { lockClass = LockClass, tenantId, name = request.Name }, transaction, cancellationToken: ct));
        // Read committed: this statement's snapshot is taken after the lock, so it sees the revision the previous holder committed.
        var row = await connection.QuerySingleAsync<CreatedRow>(new CommandDefinition(InsertSql, args, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, new(AuditAction.PolicyCreated, AuditTarget.Policy, row.Version), ct);
        await transaction.CommitAsync(ct);
        return new PolicyResponse(row.Version, false, false, new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)), request.ToPolicy(row.Version));
    }

    /// <summary>Makes the version the tenant's active one; null when there is no such version for the tenant.</summary>
    public async Task<PolicyResponse?> SetActiveAsync(Guid tenantId, Guid? apiKeyId, string version, CancellationToken ct)
    {
        var policy = await FindAsync(tenantId, version, ct);
        if (policy is null)
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(SetActiveSql, new { tenantId, version, now = clock.GetUtcNow() }, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, new(AuditAction.ActivePolicyChanged, AuditTarget.Policy, version), ct);
        await transaction.CommitAsync(ct);
        _active[tenantId] = (version, clock.GetUtcNow() + ActiveVersionCacheDuration);
        return (await ListAsync(tenantId, ct)).Items.Single(p => p.Version == version);
    }

    private static ScoringPolicy Parse(string parameters) =>
        JsonSerializer.Deserialize<ScoringPolicy>(parameters, Json.Options) ?? throw new InvalidDataException("A stored policy is empty.");

    private sealed record CreatedRow
    {
        public required string Version { get; init; }
        public DateTime CreatedAt { get; init; }
    }

    private sealed record PolicyRow
    {
        public required string Version { get; init; }
        public required string Parameters { get; init; }
        public bool BuiltIn { get; init; }
        public DateTime? CreatedAt { get; init; }

        public PolicyResponse ToResponse(string active) => new(
            Version,
            BuiltIn,
            Version == active,
            CreatedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
            Parse(Parameters));
    }
}
