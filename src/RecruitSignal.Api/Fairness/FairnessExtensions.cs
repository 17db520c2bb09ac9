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
        builder.Services.AddSingleton<ImpactRatioQuery>();
        builder.Services.AddSingleton<FairnessReportLinks>();
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", JurisdictionEndpoints.AddExamples);
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", FairnessExamples.Add);
        return builder;
    }

    public static IEndpointRouteBuilder MapFairness(this IEndpointRouteBuilder v1)
    {
        v1.MapDemographics();
        v1.MapJurisdiction();
        v1.MapImpactRatios();
        return v1;
    }
}
