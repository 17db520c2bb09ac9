using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Fairness;

public static class FairnessEndpoints
{
    public const string Csv = "text/csv";

    public static RouteGroupBuilder MapImpactRatios(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/fairness").WithTags("Fairness");
        group.MapGet("/impact-ratios", GetImpactRatios)
            .WithName("GetImpactRatios")
            .WithSummary("Impact ratios by category, the way NYC Local Law 144 defines them")
            .WithDescription("""
                Over each candidate's latest assessment with `policyVersion` in the period `from`..`to` (ISO dates, both included,
                UTC): the sample median score; per category, the share of candidates strictly above it (scoring rate) and the share
                with an active professional presence, each divided by the highest category's rate (impact ratio), with counts, the
                number of candidates whose category is unknown or declined, categories under 2 % of the sample flagged excludable,
                and every ratio under 0.8 flagged. Families: `sex` and `ageBand`; under the `us-nyc` profile also `raceEthnicity`
                and the intersection `sexRaceEthnicity`. The answer states the method. JSON, or CSV with `Accept: text/csv`.
                Computed by the database: no candidate-level data leaves it.
                """)
            .ProducesValidationProblem();
        group.MapPost("/report-links", CreateReportLink)
            .WithName("CreateFairnessReportLink")
            .WithSummary("A link to the compliance officer's page of the figures")
            .WithDescription("""
                The same query as `GET /v1/fairness/impact-ratios`, as a body. Answers a link (`{PublicBaseUrl}/f/{token}`) that
                anyone holding it can open without a key until it expires (the tenant's report-link days, 90 by default) or
                `DELETE /v1/fairness/report-links` ends it: a page in French or English, without JavaScript, with the figures
                computed when it is opened, charts, tables and plain sentences. The link is shown once. Audited.
                """)
            .WithValidation<FairnessReportLinkRequest>();
        group.MapDelete("/report-links", RevokeReportLinks)
            .WithName("RevokeFairnessReportLinks")
            .WithSummary("End every link to the compliance page")
            .WithDescription("Every link given so far answers 410 from now on. Audited.");
        return group;
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    internal static async Task<Results<Created<FairnessReportLink>, ValidationProblem>> CreateReportLink(
        FairnessReportLinkRequest request, ClaimsPrincipal user, FairnessReportLinks links, TimeProvider clock, CancellationToken ct)
    {
        var (query, errors) = FairnessQuery.Parse(request.From, request.To, request.PolicyVersion, Today(clock));
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors!, title: "The query is not valid.");
        }

        var link = await links.CreateAsync(user.TenantId(), query, user.ApiKeyId(), ct);
        return TypedResults.Created(link.Url, link);
    }

    internal static async Task<Ok<RevokedFairnessReportLinks>> RevokeReportLinks(ClaimsPrincipal user, FairnessReportLinks links, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(new RevokedFairnessReportLinks(await links.RevokeAllAsync(user.TenantId(), user.ApiKeyId(), ct), clock.GetUtcNow()));

    internal static async Task<Results<Ok<ImpactRatioReport>, ContentHttpResult, ValidationProblem>> GetImpactRatios(
        [Description("First day of the period, an ISO date (2026-01-01); by default 364 days before `to`.")] string? from,
        [Description("Last day of the period, an ISO date, included; by default today (UTC).")] string? to,
        [Description("The policy version whose assessments are counted, e.g. `default@1` (the default).")] string? policyVersion,
        HttpRequest request, ClaimsPrincipal user, ImpactRatioQuery figures, TimeProvider clock, CancellationToken ct)
    {
        var (query, errors) = FairnessQuery.Parse(from, to, policyVersion, Today(clock));
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors!, title: "The query is not valid.");
        }

        var report = await figures.RunAsync(user.TenantId(), query, ct);
        return WantsCsv(request) ? TypedResults.Text(ImpactRatioCsv.Write(report), Csv + "; charset=utf-8") : TypedResults.Ok(report);
    }

    // CSV when the client names it, and names JSON no higher.
    private static bool WantsCsv(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().Accept;
        double Quality(string type) => accepted.Where(a => a.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        return Quality(Csv) > 0 && Quality(Csv) >= Quality("application/json");
    }
}
