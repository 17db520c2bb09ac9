using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RecruitSignal.Assessments;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Reviews;

public static class ReviewEndpoints
{
    public static IHostApplicationBuilder AddReviews(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReviewStore>();
        return builder;
    }

    public static RouteGroupBuilder MapReviews(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/assessments/{id:guid}").WithTags("Human review");

        group.MapPost("/reviews", AddReview)
            .WithName("ReviewAssessment")
            .WithSummary("Record a human review of an assessment")
            .WithDescription("""
                A recruiter confirms the computed result or overrides its band, with a note. The computed result
                is never changed: the answer shows it with `reviewState` and `latestReview` beside it. Every review
                is kept (`GET .../reviews`). Any assessment can be reviewed again, a contested one in particular.
                """)
            .WithValidation<ReviewRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/reviews", GetReviews)
            .WithName("GetAssessmentReviews")
            .WithSummary("An assessment's review history, newest first")
            .WithDescription("Every review and contest of the assessment, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/contest", Contest)
            .WithName("ContestAssessment")
            .WithSummary("Record the candidate's objection to an assessment")
            .WithDescription("""
                The right not to be judged by automated means alone: the ATS relays the candidate's objection,
                which is kept in the review history and puts the assessment back in the review queue
                (`reviewState: contested`) until a recruiter reviews it again.
                """)
            .WithValidation<ContestRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    internal static async Task<Results<Created<AssessmentResponse>, ProblemHttpResult>> AddReview(
        Guid id, ReviewRequest request, ClaimsPrincipal user, ReviewStore reviews, AssessmentQueries assessments, CancellationToken ct)
    {
        var state = request.Decision == ReviewDecision.Overridden ? ReviewState.Overridden : ReviewState.Confirmed;
        var added = await reviews.AddAsync(user.TenantId(), user.ApiKeyId(), id, state, request.Reviewer, request.Note, request.OverrideBand, ct);
        return await Answer(added, id, user, assessments, ct);
    }

    internal static async Task<Results<Created<AssessmentResponse>, ProblemHttpResult>> Contest(
        Guid id, ContestRequest request, ClaimsPrincipal user, ReviewStore reviews, AssessmentQueries assessments, CancellationToken ct)
    {
        var added = await reviews.AddAsync(user.TenantId(), user.ApiKeyId(), id, ReviewState.Contested, null, request.Objection, null, ct);
        return await Answer(added, id, user, assessments, ct);
    }

    internal static async Task<Results<Ok<ReviewList>, ProblemHttpResult>> GetReviews(
        Guid id, ClaimsPrincipal user, ReviewStore reviews, AssessmentQueries assessments, CancellationToken ct)
    {
        if (await assessments.FindAsync(user.TenantId(), id, ct) is null)
        {
            return Problems.NotFound("assessment", id);
        }

        return TypedResults.Ok(new ReviewList(await reviews.HistoryAsync(user.TenantId(), id, ct)));
    }

    private static async Task<Results<Created<AssessmentResponse>, ProblemHttpResult>> Answer(
        bool added, Guid id, ClaimsPrincipal user, AssessmentQueries assessments, CancellationToken ct)
    {
        var assessment = added ? await assessments.FindAsync(user.TenantId(), id, ct) : null;
        return assessment is null
            ? Problems.NotFound("assessment", id)
            : TypedResults.Created($"/v1/assessments/{id}/reviews", assessment);
    }
}
