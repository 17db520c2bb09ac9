using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Invitations;
using RecruitSignal.Reports;

namespace RecruitSignal.Fairness;

/// <summary>A new link to the compliance page.</summary>
/// <param name="Url">The page, for whoever holds the link (no key needed): <c>{PublicBaseUrl}/f/{token}</c>. Shown once.</param>
public sealed record FairnessReportLink(string Url, DateTimeOffset ExpiresAt);

/// <param name="From">First day of the period, an ISO date.</param>
/// <param name="To">Last day of the period, included.</param>
/// <param name="PolicyVersion">The policy version whose assessments are counted.</param>
public sealed record FairnessReportLinkRequest(string? From, string? To, string? PolicyVersion);

/// <param name="Revoked">How many links stopped working now.</param>
public sealed record RevokedFairnessReportLinks(long Revoked, DateTimeOffset RevokedAt);

/// <summary>
/// Unguessable, expiring, revocable links to the compliance page, made like the recruiter's report links (256 random
/// bits, found by their SHA-256, valid for the tenant's report-link days) but never shown again: the token is not kept.
/// </summary>
public sealed class FairnessReportLinks(NpgsqlDataSource dataSource, IOptions<PublicUrl> publicUrl, AuditLog audit, TimeProvider clock)
{
    // 90: ReportLinks.DefaultDays, the report links' default.
    private const string InsertSql = $"""
        insert into fairness_report_links (tenant_id, id, token_hash, from_date, to_date, policy_version, expires_at, created_at)
        values (@tenantId, @id, @tokenHash, @from, @to, @policyVersion,
            @now + make_interval(days => coalesce(({ReportLinks.DaysSql}), 90)), @now)
        returning expires_at
        """;

    private const string RevokeSql = "update fairness_report_links set revoked_at = @now where tenant_id = @tenantId and revoked_at is null";

    private const string ByTokenSql = """
        select l.tenant_id, l.from_date, l.to_date, l.policy_version, l.expires_at, (l.revoked_at is not null) as revoked, t.name as employer
        from fairness_report_links l join tenants t on t.id = l.tenant_id
        where l.token_hash = @tokenHash
        """;

    public async Task<FairnessReportLink> CreateAsync(Guid tenantId, FairnessQuery query, Guid? apiKeyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var token = InvitationToken.New();
        var id = Guid.CreateVersion7(now);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var expiresAt = await connection.ExecuteScalarAsync<DateTime>(new CommandDefinition(InsertSql, new
        {
            tenantId, id, tokenHash = InvitationToken.Hash(token), from = query.From, to = query.To, policyVersion = query.PolicyVersion, now,
        }, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, AuditEvent.Of(AuditAction.FairnessReportLinkCreated, AuditTarget.Settings, id), ct);
        await transaction.CommitAsync(ct);
        return new FairnessReportLink(publicUrl.Value.Link($"/f/{token}"), new DateTimeOffset(DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc)));
    }

    /// <summary>Ends every live link of the tenant at once (audited); how many.</summary>
    public async Task<long> RevokeAllAsync(Guid tenantId, Guid? apiKeyId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var revoked = await connection.ExecuteAsync(new CommandDefinition(RevokeSql, new { tenantId, now = clock.GetUtcNow() }, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, new(AuditAction.FairnessReportLinksRevoked, AuditTarget.Settings, "fairness-report-links"), ct);
        await transaction.CommitAsync(ct);
        return revoked;
    }

    public async Task<LinkRow?> FindAsync(string token, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(ByTokenSql, new { tokenHash = InvitationToken.Hash(token) }, cancellationToken: ct));
    }

    public sealed record LinkRow
    {
        public Guid TenantId { get; init; }
        public DateTime FromDate { get; init; }
        public DateTime ToDate { get; init; }
        public required string PolicyVersion { get; init; }
        public DateTime ExpiresAt { get; init; }
        public bool Revoked { get; init; }
        public required string Employer { get; init; }

        public FairnessQuery Query => new(DateOnly.FromDateTime(FromDate), DateOnly.FromDateTime(ToDate), PolicyVersion);
    }
}
