using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
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
        return group;
    }

    internal static async Task<Results<Ok<ImpactRatioReport>, ContentHttpResult, ValidationProblem>> GetImpactRatios(
        [Description("First day of the period, an ISO date (2026-01-01).")] string? from,
        [Description("Last day of the period, an ISO date, included.")] string? to,
        [Description("The policy version whose assessments are counted, e.g. `default@1`.")] string? policyVersion,
        HttpRequest request, ClaimsPrincipal user, ImpactRatioQuery figures, CancellationToken ct)
    {
        var (query, errors) = FairnessQuery.Parse(from, to, policyVersion);
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
