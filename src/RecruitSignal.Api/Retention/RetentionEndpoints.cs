using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Retention;

/// <param name="Days">How long a candidate is kept after their last update (a screening), 30 to 3,650 days. Default 730 (two years, the CNIL's bound for a talent pool).</param>
/// <param name="AuditDays">How long audit entries are kept, 183 to 36,500 days (default 3,650): never under six months, the EU AI Act's floor for a high-risk system's logs (Art 19). Left out, it keeps its value.</param>
public sealed record RetentionSettings(int? Days, int? AuditDays = null);

public sealed class RetentionSettingsValidator : AbstractValidator<RetentionSettings>
{
    public const int MinAuditDays = 183;

    public RetentionSettingsValidator()
    {
        RuleFor(x => x.Days).NotNull().WithMessage("'days' is required.").InclusiveBetween(30, 3650);
        RuleFor(x => x.AuditDays).GreaterThanOrEqualTo(MinAuditDays)
            .WithMessage($"'auditDays' is at least {MinAuditDays}: the EU AI Act (Art 19) requires a high-risk system's logs to be kept for at least six months.");
        RuleFor(x => x.AuditDays).LessThanOrEqualTo(36500).WithMessage("'auditDays' is at most 36500.");
    }
}

public static class RetentionEndpoints
{
    public const int DefaultAuditDays = 3650;

    private const string GetSql = "select retention_days from tenant_settings where tenant_id = @tenantId";

    private const string GetAuditSql = "select audit_days from tenant_settings where tenant_id = @tenantId";

    private const string SetSql = """
        insert into tenant_settings (tenant_id, retention_days, audit_days, updated_at) values (@tenantId, @days, coalesce(@auditDays, 3650), @now)
        on conflict (tenant_id) do update
            set retention_days = excluded.retention_days, audit_days = coalesce(@auditDays, tenant_settings.audit_days), updated_at = excluded.updated_at
        """;

    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RetentionJob>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RetentionJob>());
        return builder;
    }

    public static RouteGroupBuilder MapRetention(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/settings/retention").WithTags("Candidate rights");
        group.MapGet("/", GetRetention)
            .WithName("GetRetention")
            .WithSummary("How long candidates are kept")
            .WithDescription("Days a candidate is kept after their last update before the service erases them (default 730), and days audit entries are kept (default 3650).");
        group.MapPut("/", SetRetention)
            .WithName("SetRetention")
            .WithSummary("Set how long candidates are kept")
            .WithDescription("""
                Candidates not updated (screened) for this many days are erased by a background job, exactly as
                `DELETE /v1/candidates/{id}` would, and the purge is recorded in the audit log. `auditDays` (optional,
                kept when left out) is how long audit entries are kept: at least 183 days, the EU AI Act's six months for
                a high-risk system's logs (Art 19); a shorter value is refused with a problem naming the article.
                """)
            .WithValidation<RetentionSettings>();
        return group;
    }

    internal static async Task<Ok<RetentionSettings>> GetRetention(ClaimsPrincipal user, NpgsqlDataSource dataSource, CancellationToken ct) =>
        TypedResults.Ok(await ReadAsync(user, dataSource, ct));

    private static async Task<RetentionSettings> ReadAsync(ClaimsPrincipal user, NpgsqlDataSource dataSource, CancellationToken ct) => new(
        await TenantSettings.ReadAsync<int?>(dataSource, user, GetSql, RetentionJob.DefaultDays, ct),
        await TenantSettings.ReadAsync<int?>(dataSource, user, GetAuditSql, DefaultAuditDays, ct));

    internal static async Task<Ok<RetentionSettings>> SetRetention(
        RetentionSettings request, ClaimsPrincipal user, NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        await TenantSettings.WriteAsync(dataSource, audit, clock, user, SetSql, new { days = request.Days, auditDays = request.AuditDays }, AuditAction.RetentionChanged, "retention", ct);
        return TypedResults.Ok(await ReadAsync(user, dataSource, ct));
    }
}
