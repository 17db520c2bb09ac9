using System.ComponentModel;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Audit;

/// <summary>One audit entry: who (API key id, or null for the service itself) did what to which id, and when.</summary>
/// <param name="Seq">Position in the tenant's chain, from 1, without gaps; entries past the tenant's <c>auditDays</c> are purged from the start, so the first listed may be later.</param>
/// <param name="ApiKeyId">The API key that acted; null for the service's own jobs (retention purge, bulk rescoring).</param>
/// <param name="TargetId">The id acted on: an assessment, candidate or job id, or a policy version.</param>
/// <param name="PrevHash">Hex SHA-256 of the previous entry (64 zeros for the first; for the first kept after a purge, the last purged entry's hash).</param>
/// <param name="Hash">Hex SHA-256 of <c>prevHash</c> followed by this entry's canonical content.</param>
public sealed record AuditEntry(
    long Seq, DateTimeOffset At, Guid? ApiKeyId, AuditAction Action, AuditTarget TargetType, string TargetId, string PrevHash, string Hash);

/// <param name="Next">Pass as <c>after</c> to read the next page; null on the last page.</param>
/// <param name="Unsealed">
/// The tenant's entries committed but not linked into the chain yet (they have no <c>seq</c> or hash until then, and
/// are not listed). Reading the log first seals every entry committed before the read, so this is the number of
/// entries committed during the read; it is normally 0.
/// </param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long? Next, long Unsealed = 0);

public static class AuditEndpoints
{
    public const int MaxPage = 500;

    private const string PageSql = $"""
        select {AuditEntryRow.Columns} from audit_log
        where tenant_id = @tenantId and seq > @after
        order by seq
        limit @limit
        """;

    private const string UnsealedSql = "select count(*) from audit_log where tenant_id = @tenantId and seq is null";

    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<AuditVerifier>();
        builder.Services.AddSingleton<AuditRetention>();
        builder.Services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AuditSealer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AuditSealer>());
        return builder;
    }

    public static RouteGroupBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/audit").WithTags("Audit");
        group.MapGet("/", GetAudit)
            .WithName("GetAuditLog")
            .WithSummary("Read the tenant's tamper-evident audit log")
            .WithDescription($"""
                Entries in chain order, `limit` at a time (1 to {MaxPage}, default 100), from `after` (a `seq`, default 0).
                Each records which API key did what (screening, rescore, review, contest, policy change, export,
                erasure, retention purge) to which id, and when, with no personal data. Each entry's `hash` is the
                SHA-256 of the previous entry's hash followed by its own content; the database refuses to change or
                delete entries, and `RecruitSignal.Api audit verify` recomputes the chain and names the first broken link.
                Entries older than the tenant's `auditDays` (`PUT /v1/settings/retention`) are purged from the start of the
                chain (`audit_entries_purged`); the first kept entry still points at the last purged one's hash.
                An entry is written with its action, in the same transaction, and linked into the chain (given its
                `seq` and hashes) just after its commit; reading the log links every entry committed before the read,
                and `unsealed` counts those committed during it, listed once linked.
                """)
            .ProducesValidationProblem();
        return group;
    }

    internal static async Task<Results<Ok<AuditPage>, ValidationProblem>> GetAudit(
        [Description("Return entries with a `seq` greater than this, 0 or more (default 0).")] long? after,
        [Description($"Entries per page, 1 to 500 (default 100).")] int? limit,
        ClaimsPrincipal user,
        NpgsqlDataSource dataSource,
        AuditSealer sealer,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxPage)
        {
            errors["limit"] = [$"'limit' is from 1 to {MaxPage}."];
        }

        if (after < 0)
        {
            errors["after"] = ["'after' is a 'seq' (0 or more)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The request is not valid.");
        }

        var take = limit ?? 100;
        await sealer.SealAsync(wait: true, ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<AuditEntryRow>(new CommandDefinition(
            PageSql, new { tenantId = user.TenantId(), after = after ?? 0, limit = take }, cancellationToken: ct))).ToList();
        var unsealed = await connection.ExecuteScalarAsync<long>(new CommandDefinition(UnsealedSql, new { tenantId = user.TenantId() }, cancellationToken: ct));
        var items = rows.Select(ToEntry).ToList();
        return TypedResults.Ok(new AuditPage(items, items.Count == take ? items[^1].Seq : null, unsealed));
    }

    internal static AuditEntry ToEntry(AuditEntryRow row) => new(
        row.Seq,
        new DateTimeOffset(DateTime.SpecifyKind(row.At, DateTimeKind.Utc)),
        row.ApiKeyId,
        WireName.Parse<AuditAction>(row.Action),
        WireName.Parse<AuditTarget>(row.TargetType),
        row.TargetId,
        Convert.ToHexStringLower(row.PrevHash),
        Convert.ToHexStringLower(row.Hash));
}
