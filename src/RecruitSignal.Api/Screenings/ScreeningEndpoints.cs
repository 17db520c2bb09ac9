using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using RecruitSignal.Assessments;
using RecruitSignal.Audit;
using RecruitSignal.Idempotency;
using RecruitSignal.Infrastructure;
using RecruitSignal.Policies;
using RecruitSignal.Tenants;

namespace RecruitSignal.Screenings;

public static class ScreeningEndpoints
{
    public static IHostApplicationBuilder AddScreenings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ScreeningStore>();
        builder.Services.AddSingleton<ScreeningFlow>();
        builder.Services.AddSingleton<AssessmentQueries>();
        builder.Services.AddSingleton<AssessmentNetworks>();
        builder.Services.AddSingleton<RecruitSignal.Presence.PresenceProviders>();
        builder.Services.AddValidatorsFromAssemblyContaining<ScreeningValidator>(ServiceLifetime.Singleton);
        builder.AddBatchScreenings();
        return builder;
    }

    public static RouteGroupBuilder MapScreenings(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/screenings").WithTags("Screenings");

        group.MapPost("/", Screen)
            .WithName("CreateScreening")
            .WithSummary("Screen a candidate")
            .WithDescription("""
                Upserts the candidate by `externalId`, records `candidate.consent` when given, scores with the
                policy named in `policyVersion` (by default the tenant's active one, `default@1` until changed),
                and stores the assessment and its audit entry, all in one transaction. Invalid input answers a
                problem and writes nothing.

                - With declared `evidence`: scored at once, `201 Created` with the assessment and its `Location`.
                - With a handle and no evidence, when the X API is configured and the candidate's current consent is
                  a grant: the service observes the account itself. It answers `202 Accepted` with a `pending`
                  assessment (tier `unverified`, score null, reason `LOOKUP_PENDING`) and its `Location`; poll it until
                  `completed` or `failed`. An `x_api` observation of the same handle, matched against the same
                  relevance terms and younger than `XApi__ReuseObservationsFor` (24 h), is reused instead: `201`.
                - Without a current grant, nothing is fetched from X: `201`, tier `unverified`, `NO_CONSENT_FOR_LOOKUP`.
                - Without an X API token on the service, a handle alone gives `unverified` (`NO_EVIDENCE`), as before.
                """)
            .Accepts<ScreeningRequest>("application/json")
            .WithValidation<ScreeningRequest>()
            .WithIdempotency<ScreeningRequest>()
            .ClaimsIdempotencyKeyInItsBatch()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapBatchScreenings();
        return group;
    }

    internal static async Task<Results<Created<AssessmentResponse>, Accepted<AssessmentResponse>, ValidationProblem>> Screen(
        ScreeningRequest request,
        ClaimsPrincipal user,
        PolicyStore policies,
        ScreeningFlow flow,
        RequestTransaction work,
        TimeProvider clock,
        CancellationToken ct)
    {
        var policy = await policies.ResolveAsync(work.Current, user.TenantId(), request.PolicyVersion, ct);
        if (policy is null)
        {
            return PolicyEndpoints.UnknownVersion("policyVersion", request.PolicyVersion!);
        }

        var screening = Screening.From(request, policy, clock.GetUtcNow());
        var assessment = await flow.ScreenAsync(work.Current, user.TenantId(), user.ApiKeyId(), screening, ct, work.Claim);
        return Answer(assessment);
    }

    /// <summary>The answer to a screening: 202 while its lookup is pending, else 201; with its Location either way.</summary>
    internal static Results<Created<AssessmentResponse>, Accepted<AssessmentResponse>, ValidationProblem> Answer(AssessmentResponse assessment)
    {
        var location = $"/v1/assessments/{assessment.Id}";
        return assessment.Status == AssessmentStatus.Pending
            ? TypedResults.Accepted(location, assessment)
            : TypedResults.Created(location, assessment);
    }
}
