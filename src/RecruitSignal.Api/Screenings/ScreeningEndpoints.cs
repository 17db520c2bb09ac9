using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using RecruitSignal.Assessments;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Policies;
using RecruitSignal.Tenants;

namespace RecruitSignal.Screenings;

public static class ScreeningEndpoints
{
    public static IHostApplicationBuilder AddScreenings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ScreeningStore>();
        builder.Services.AddSingleton<AssessmentQueries>();
        builder.Services.AddValidatorsFromAssemblyContaining<ScreeningValidator>(ServiceLifetime.Singleton);
        return builder;
    }

    public static RouteGroupBuilder MapScreenings(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/screenings").WithTags("Screenings");

        group.MapPost("/", Screen)
            .WithName("CreateScreening")
            .WithSummary("Screen a candidate")
            .WithDescription("""
                Upserts the candidate by `externalId`, stores the declared evidence, scores it with the
                policy named in `policyVersion` (by default the tenant's active one, `default@1` until changed)
                and stores the assessment and its audit entry, all in one transaction. Answers 201 with the
                assessment and its `Location`. Invalid input answers a problem and writes nothing.
                """)
            .Accepts<ScreeningRequest>("application/json")
            .WithValidation<ScreeningRequest>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        return group;
    }

    internal static async Task<Results<Created<AssessmentResponse>, ValidationProblem>> Screen(
        ScreeningRequest request, ClaimsPrincipal user, ScreeningStore store, PolicyStore policies, TimeProvider clock, CancellationToken ct)
    {
        var policy = await policies.ResolveAsync(user.TenantId(), request.PolicyVersion, ct);
        if (policy is null)
        {
            return PolicyEndpoints.UnknownVersion("policyVersion", request.PolicyVersion!);
        }

        var screening = Screening.From(request, policy, clock.GetUtcNow());
        var assessment = await store.SaveAsync(user.TenantId(), user.ApiKeyId(), screening, ct);
        return TypedResults.Created($"/v1/assessments/{assessment.Id}", assessment);
    }
}
