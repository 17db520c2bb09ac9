using System.Security.Claims;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.ApiDocs;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Reports;

/// <param name="AssessmentId">The assessment whose report links were ended.</param>
/// <param name="Revoked">How many links stopped working now (0 when none was live; the call still succeeds).</param>
public sealed record RevokedReportLinks(Guid AssessmentId, long Revoked, DateTimeOffset RevokedAt);

/// <param name="Days">How long a new report link works, 1 to 365 days (default 90). Links already given keep their expiry.</param>
public sealed record ReportLinkSettings(int? Days);

public sealed class ReportLinkSettingsValidator : AbstractValidator<ReportLinkSettings>
{
    public ReportLinkSettingsValidator() =>
        RuleFor(x => x.Days).NotNull().WithMessage("'days' is required.").InclusiveBetween(1, 365).WithMessage("'days' is from 1 to 365.");
}

/// <summary>The tenant's side of report links: revoke an assessment's links, and set how long new ones work.</summary>
public static class ReportLinkEndpoints
{
    private const string SetDaysSql = """
        insert into tenant_settings (tenant_id, report_link_days, updated_at) values (@tenantId, @days, @now)
        on conflict (tenant_id) do update set report_link_days = excluded.report_link_days, updated_at = excluded.updated_at
        """;

    public static IEndpointRouteBuilder MapReportLinks(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/assessments/{id:guid}/report-links", CreateReportLink)
            .WithTags("Reports")
            .WithName("CreateReportLink")
            .WithSummary("The recruiter report page of an assessment, as a link")
            .WithDescription("""
                Answers the link to the assessment's read-only report page (`{PublicBaseUrl}/r/{token}`) and when it stops working,
                so that an ATS integrated by plain API calls can show recruiters the page the Greenhouse, Workable and Ashby adapters
                give theirs (they take their links from here too). Anyone holding the link reads the report without a key: hand it
                only to the recruiters of this tenant. Asked again, it answers the same link while that one works; a new one (audited)
                after it expired or was revoked (`DELETE` on this path). Another tenant's id answers 404.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapDelete("/assessments/{id:guid}/report-links", RevokeReportLinks)
            .WithTags("Reports")
            .WithName("RevokeReportLinks")
            .WithSummary("End every report link to an assessment")
            .WithDescription("""
                A report link (`{PublicBaseUrl}/r/{token}`, the `partner_profile_url` given to Greenhouse) lets anyone holding it
                read the assessment's report without a key, until it expires (`/v1/settings/report-links`, 90 days by default).
                This ends every such link to the assessment at once: they answer 410. An ATS that asks again later (Greenhouse's
                test_status) is given a new link; erase the candidate to end access for good. Audited. Another tenant's id answers 404.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var settings = v1.MapGroup("/settings/report-links").WithTags("Reports");
        settings.MapGet("/", GetSettings)
            .WithName("GetReportLinkSettings")
            .WithSummary("How long report links work")
            .WithDescription("90 days until set.");
        settings.MapPut("/", SetSettings)
            .WithName("SetReportLinkSettings")
            .WithSummary("Set how long new report links work")
            .WithDescription("1 to 365 days. Links already given keep their expiry. Audited.")
            .WithValidation<ReportLinkSettings>();
        return v1;
    }

    public static void AddExamples(Microsoft.AspNetCore.OpenApi.OpenApiOptions options) => ExampleSchemas.Add(options, new Dictionary<Type, object>
    {
        [typeof(ReportLink)] = new ReportLink("https://recruitsignal.example.com/r/5qV0nQmPq3x8bL2dT7sY1wZ4cK9fH6jA0eR3uN8gM2o", Examples.Assessment.CreatedAt.AddDays(90)),
        [typeof(RevokedReportLinks)] = new RevokedReportLinks(Examples.Assessment.Id, 1, Examples.Assessment.CreatedAt.AddDays(3)),
        [typeof(ReportLinkSettings)] = new ReportLinkSettings(30),
    });

    internal static async Task<Results<Ok<ReportLink>, ProblemHttpResult>> CreateReportLink(
        Guid id, ClaimsPrincipal user, ReportLinks links, CancellationToken ct) =>
        await links.LinkForAsync(user.TenantId(), id, user.ApiKeyId(), ct) is { } link ? TypedResults.Ok(link) : Problems.NotFound("assessment", id);

    internal static async Task<Results<Ok<RevokedReportLinks>, ProblemHttpResult>> RevokeReportLinks(
        Guid id, ClaimsPrincipal user, ReportLinks links, TimeProvider clock, CancellationToken ct)
    {
        var revoked = await links.RevokeAsync(user.TenantId(), id, user.ApiKeyId(), ct);
        return revoked is { } count ? TypedResults.Ok(new RevokedReportLinks(id, count, clock.GetUtcNow())) : Problems.NotFound("assessment", id);
    }

    internal static async Task<Ok<ReportLinkSettings>> GetSettings(ClaimsPrincipal user, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var days = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(ReportLinks.DaysSql, new { tenantId = user.TenantId() }, cancellationToken: ct));
        return TypedResults.Ok(new ReportLinkSettings(days ?? ReportLinks.DefaultDays));
    }

    internal static async Task<Ok<ReportLinkSettings>> SetSettings(
        ReportLinkSettings request, ClaimsPrincipal user, NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var tenantId = user.TenantId();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(SetDaysSql, new { tenantId, days = request.Days, now = clock.GetUtcNow() }, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, user.ApiKeyId(), new(AuditAction.ReportLinkSettingsChanged, AuditTarget.Settings, "report-links"), ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(request);
    }
}
