using RecruitSignal.Demographics;

namespace RecruitSignal.Fairness;

/// <summary>
/// Fairness monitoring in one place for Program.cs: the categories kept apart from scoring, the tenant's
/// jurisdiction profile, the impact ratios, and the compliance officer's page.
/// </summary>
public static class FairnessExtensions
{
    public static IHostApplicationBuilder AddFairness(this IHostApplicationBuilder builder)
    {
        builder.AddDemographics();
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", JurisdictionEndpoints.AddExamples);
        return builder;
    }

    public static IEndpointRouteBuilder MapFairness(this IEndpointRouteBuilder v1)
    {
        v1.MapDemographics();
        v1.MapJurisdiction();
        return v1;
    }
}
