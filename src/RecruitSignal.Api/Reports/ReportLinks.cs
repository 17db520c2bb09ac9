using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Invitations;

namespace RecruitSignal.Reports;

/// <summary>A recruiter report page's link and when it stops working.</summary>
/// <param name="Url">The page, <c>{PublicBaseUrl}/r/{token}</c>: anyone holding it reads the report, without a key.</param>
/// <param name="ExpiresAt">When the link stops working (it answers 410 from then on, and after a revocation).</param>
public sealed record ReportLink(string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Unguessable, revocable, expiring links to one assessment's report page (<c>{PublicBaseUrl}/r/{token}</c>), for a
/// recruiter who holds no key: 256 random bits, found by their SHA-256. The token is also kept protected with Data
/// Protection so that an ATS asking again (Greenhouse's test_status) gets the same link; a revocation drops it.
/// </summary>
public sealed class ReportLinks(NpgsqlDataSource dataSource, IDataProtectionProvider protection, IOptions<PublicUrl> publicUrl, AuditLog audit, TimeProvider clock)
{
    public const string TokenProtection = "RecruitSignal.Reports.Link.v1";
    public const int DefaultDays = 90; // also the default of tenant_settings.report_link_days and of InsertSql

    public const string DaysSql = "select report_link_days from tenant_settings where tenant_id = @tenantId";

    private const string CurrentSql = """
        select protected_token, expires_at from report_links
        where tenant_id = @tenantId and assessment_id = @assessmentId and revoked_at is null and expires_at > @now and protected_token is not null
        order by created_at desc
        limit 1
        """;

    private const string InsertSql = $"""
        insert into report_links (tenant_id, id, assessment_id, token_hash, protected_token, expires_at, created_at)
        values (@tenantId, @id, @assessmentId, @tokenHash, @protectedToken,
            @now + make_interval(days => coalesce(({DaysSql}), 90)), @now)
        returning expires_at
        """;

    private const string ExistsSql = "select exists (select 1 from assessments where tenant_id = @tenantId and id = @assessmentId)";

    private const string RevokeSql = """
        with revoked as (
            update report_links set revoked_at = @now, protected_token = null
            where tenant_id = @tenantId and assessment_id = @assessmentId and revoked_at is null
            returning id
        )
        select (select count(*) from revoked)
        where exists (select 1 from assessments where tenant_id = @tenantId and id = @assessmentId)
        """;

    private IDataProtector Protector => protection.CreateProtector(TokenProtection);

    /// <summary>
    /// The assessment's current link, or a new one (audited) when it has none that works; null when the tenant has no such
    /// assessment. Every caller gets the same link while it works: an ATS asking again, or a client of the API.
    /// </summary>
    public async Task<ReportLink?> LinkForAsync(Guid tenantId, Guid assessmentId, Guid? apiKeyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var kept = await connection.QuerySingleOrDefaultAsync<(string Token, DateTime ExpiresAt)?>(
            new CommandDefinition(CurrentSql, new { tenantId, assessmentId, now }, cancellationToken: ct));
        if (kept is { } found && Unprotect(found.Token) is { } current)
        {
            return new ReportLink(publicUrl.Value.Link($"/r/{current}"), Utc(found.ExpiresAt));
        }

        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, new { tenantId, assessmentId }, cancellationToken: ct)))
        {
            return null;
        }

        var token = InvitationToken.New();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = Guid.CreateVersion7(now);
        var expiresAt = await connection.ExecuteScalarAsync<DateTime>(new CommandDefinition(InsertSql, new
        {
            tenantId, id, assessmentId, tokenHash = InvitationToken.Hash(token), protectedToken = Protector.Protect(token), now,
        }, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, AuditEvent.Of(AuditAction.ReportLinkCreated, AuditTarget.Assessment, assessmentId), ct);
        await transaction.CommitAsync(ct);
        return new ReportLink(publicUrl.Value.Link($"/r/{token}"), Utc(expiresAt));
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary>Ends every link to the assessment at once; null when the tenant has no such assessment.</summary>
    public async Task<long?> RevokeAsync(Guid tenantId, Guid assessmentId, Guid? apiKeyId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var revoked = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            RevokeSql, new { tenantId, assessmentId, now = clock.GetUtcNow() }, transaction, cancellationToken: ct));
        if (revoked is null)
        {
            return null;
        }

        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, AuditEvent.Of(AuditAction.ReportLinksRevoked, AuditTarget.Assessment, assessmentId), ct);
        await transaction.CommitAsync(ct);
        return revoked;
    }

    // A key ring that lost the key (restored database, new cluster) only costs a new link.
    private string? Unprotect(string kept)
    {
        try
        {
            return Protector.Unprotect(kept);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
