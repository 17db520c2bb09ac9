using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Candidates;

public static class CandidateEndpoints
{
    public const int MaxHistory = 200;

    public static IHostApplicationBuilder AddCandidates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CandidateQueries>();
        return builder;
    }

    public static RouteGroupBuilder MapCandidates(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/candidates").WithTags("Candidates");

        group.MapGet("/{id:guid}", GetCandidate)
            .WithName("GetCandidate")
            .WithSummary("Get a candidate with the latest assessment")
            .WithDescription("An id of another tenant answers 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapCandidateListing();

        group.MapGet("/{id:guid}/assessments", GetCandidateAssessments)
            .WithName("GetCandidateAssessments")
            .WithSummary("A candidate's assessment history, newest first")
            .WithDescription($"At most `limit` assessments (1 to {MaxHistory}, default 50), newest first.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    internal static async Task<Results<Ok<CandidateResponse>, ProblemHttpResult>> GetCandidate(
        Guid id, ClaimsPrincipal user, CandidateQueries candidates, CancellationToken ct)
    {
        var candidate = await candidates.FindAsync(user.TenantId(), id, ct);
        return candidate is null ? Problems.NotFound("candidate", id) : TypedResults.Ok(candidate);
    }

    internal static async Task<Results<Ok<AssessmentList>, ValidationProblem, ProblemHttpResult>> GetCandidateAssessments(
        Guid id,
        [Description("How many assessments to return, 1 to 200 (default 50).")] int? limit,
        ClaimsPrincipal user,
        CandidateQueries candidates,
        CancellationToken ct)
    {
        if (limit is < 1 or > MaxHistory)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"'limit' is from 1 to {MaxHistory}."] });
        }

        var history = await candidates.AssessmentsAsync(user.TenantId(), id, limit ?? 50, ct);
        return history is null ? Problems.NotFound("candidate", id) : TypedResults.Ok(new AssessmentList(history));
    }
}
