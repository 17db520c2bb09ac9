using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RecruitSignal.Assessments;
using RecruitSignal.Candidates;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;
using RecruitSignal.Presence.X;

namespace RecruitSignal.Lookups;

public static class LookupEndpoints
{
    public static IHostApplicationBuilder AddLookups(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AssessmentCompletion>();
        builder.Services.AddSingleton<NetworkCompletion>();
        builder.Services.AddSingleton<XObservationStore>();
        builder.Services.AddSingleton<LookupJobs>();
        builder.Services.AddSingleton<CandidateRefresh>();
        builder.Services.AddSingleton<LookupWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LookupWorker>());
        return builder;
    }

    public static RouteGroupBuilder MapLookups(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/candidates").WithTags("Candidates");

        group.MapPost("/{id:guid}/refresh", Refresh)
            .WithName("RefreshCandidate")
            .WithSummary("Observe the candidate's X account again")
            .WithDescription("""
                Queues a fresh observation of the candidate's X account (no reuse of a recent one), scored against
                the relevance terms of the candidate's latest assessment. Answers `202 Accepted` with the `pending`
                assessment and its `Location`; while a lookup of the candidate is already queued, that one is answered.
                An unknown candidate answers 404. Needs the candidate's current consent (409 otherwise), a handle (409),
                and the X API configured on the service (503 otherwise).
                """)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return group;
    }

    internal static async Task<Results<Accepted<AssessmentResponse>, ProblemHttpResult>> Refresh(
        Guid id, ClaimsPrincipal user, CandidateRefresh refresh, AssessmentQueries assessments, CandidateQueries candidates,
        IOptions<XApiOptions> options, CancellationToken ct)
    {
        if (!options.Value.IsConfigured)
        {
            // An unknown id is the caller's mistake whatever the service's configuration: say that first.
            if (await candidates.FindAsync(user.TenantId(), id, ct) is null)
            {
                return Problems.NotFound("candidate", id);
            }

            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "X API lookups are off on this service.",
                detail: "The service has no XApi__BearerToken; send declared evidence with the screening instead.");
        }

        var tenantId = user.TenantId();
        var (outcome, assessmentId) = await refresh.RefreshAsync(tenantId, id, ct);
        return outcome switch
        {
            RefreshOutcome.CandidateNotFound => Problems.NotFound("candidate", id),
            RefreshOutcome.NoHandle => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The candidate has no X handle.",
                detail: "Send a screening with 'candidate.twitter' first."),
            RefreshOutcome.NoConsent => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The candidate has not consented to an X lookup.",
                detail: "Record a grant with POST /v1/candidates/{id}/consent first (NO_CONSENT_FOR_LOOKUP)."),
            _ => TypedResults.Accepted($"/v1/assessments/{assessmentId}", (await assessments.FindAsync(tenantId, assessmentId!.Value, ct))!),
        };
    }
}
