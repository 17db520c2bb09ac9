using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Assessments;

public static class AssessmentEndpoints
{
    public static RouteGroupBuilder MapAssessments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/assessments").WithTags("Assessments");

        group.MapGet("/{id:guid}", GetAssessment)
            .WithName("GetAssessment")
            .WithSummary("Get one assessment")
            .WithDescription("The stored assessment with its factors, reason codes and evidence. An id of another tenant answers 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapAssessmentListing();
        return group;
    }

    internal static async Task<Results<Ok<AssessmentResponse>, ProblemHttpResult>> GetAssessment(
        Guid id, ClaimsPrincipal user, AssessmentQueries assessments, CancellationToken ct)
    {
        var assessment = await assessments.FindAsync(user.TenantId(), id, ct);
        return assessment is null
            ? Problems.NotFound("assessment", id)
            : TypedResults.Ok(assessment);
    }
}
