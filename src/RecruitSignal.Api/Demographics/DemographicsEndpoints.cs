using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RecruitSignal.ApiDocs;
using RecruitSignal.Audit;
using RecruitSignal.Fairness;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Demographics;

public static class DemographicsEndpoints
{
    public static IHostApplicationBuilder AddDemographics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DemographicsStore>();
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", options => ExampleSchemas.Add(options, new Dictionary<Type, object>
        {
            [typeof(DemographicsRequest)] = new DemographicsRequest("female", null, "40_and_over"),
            [typeof(DemographicsResponse)] = new DemographicsResponse(Examples.Assessment.CandidateId, "female", null, "40_and_over", Examples.Assessment.CreatedAt),
        }));
        return builder;
    }

    public static RouteHandlerBuilder MapDemographics(this IEndpointRouteBuilder v1) =>
        v1.MapPut("/candidates/{id:guid}/demographics", SetDemographics)
            .WithTags("Fairness")
            .WithName("SetCandidateDemographics")
            .WithSummary("Record the categories a candidate self-identified in")
            .WithDescription("""
                The categories the ATS collected by voluntary self-identification (sex, EEO-1 race/ethnicity, age band), each
                left out when not collected or `declined`. They are kept apart from everything else: scoring never reads them,
                and they appear in no assessment, report page, webhook or ATS answer. They serve only the tenant's fairness
                figures (`GET /v1/fairness/impact-ratios`), and are in the candidate's export and go with their erasure.
                `raceEthnicity` is refused (400, naming why) unless the tenant's jurisdiction profile is `us-nyc`
                (`PUT /v1/settings/jurisdiction`). A PUT replaces what was held. Audited. Another tenant's candidate id answers 404.
                """)
            .WithValidation<DemographicsRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound);

    internal static async Task<Results<Ok<DemographicsResponse>, ValidationProblem, ProblemHttpResult>> SetDemographics(
        Guid id, DemographicsRequest request, ClaimsPrincipal user, DemographicsStore store, CancellationToken ct)
    {
        var outcome = await store.SetAsync(user.TenantId(), id, request, user.ApiKeyId(), ct);
        if (outcome.RefusedUnder is { } profile)
        {
            var why = Jurisdictions.WhyNoRaceEthnicity(profile);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["raceEthnicity"] = [why] },
                detail: why, title: "Race and ethnicity are not collected under this jurisdiction profile.");
        }

        return outcome.Saved is { } saved ? TypedResults.Ok(saved) : Problems.NotFound("candidate", id);
    }
}
