using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Retention;

/// <param name="Days">How long a candidate is kept after their last update (a screening), 30 to 3,650 days. Default 730 (two years, the CNIL's bound for a talent pool).</param>
public sealed record RetentionSettings(int? Days);

public sealed class RetentionSettingsValidator : AbstractValidator<RetentionSettings>
{
    public RetentionSettingsValidator()
    {
        RuleFor(x => x.Days).NotNull().WithMessage("'days' is required.").InclusiveBetween(30, 3650);
    }
}

public static class RetentionEndpoints
{
    private const string GetSql = "select retention_days from tenant_settings where tenant_id = @tenantId";

    private const string SetSql = """
        insert into tenant_settings (tenant_id, retention_days, updated_at) values (@tenantId, @days, @now)
        on conflict (tenant_id) do update set retention_days = excluded.retention_days, updated_at = excluded.updated_at
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
            .WithDescription("Days a candidate is kept after their last update before the service erases them (default 730).");
        group.MapPut("/", SetRetention)
            .WithName("SetRetention")
            .WithSummary("Set how long candidates are kept")
            .WithDescription("""
                Candidates not updated (screened) for this many days are erased by a background job, exactly as
                `DELETE /v1/candidates/{id}` would, and the purge is recorded in the audit log.
                """)
            .WithValidation<RetentionSettings>();
        return group;
    }

    internal static async Task<Ok<RetentionSettings>> GetRetention(ClaimsPrincipal user, NpgsqlDataSource dataSource, CancellationToken ct) =>
        TypedResults.Ok(new RetentionSettings(await TenantSettings.ReadAsync<int?>(dataSource, user, GetSql, RetentionJob.DefaultDays, ct)));

    internal static async Task<Ok<RetentionSettings>> SetRetention(
        RetentionSettings request, ClaimsPrincipal user, NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        await TenantSettings.WriteAsync(dataSource, audit, clock, user, SetSql, new { days = request.Days }, AuditAction.RetentionChanged, "retention", ct);
        return TypedResults.Ok(request);
    }
}
