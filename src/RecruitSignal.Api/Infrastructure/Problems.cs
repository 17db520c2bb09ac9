using Microsoft.AspNetCore.Http.HttpResults;

namespace RecruitSignal.Infrastructure;

public static class Problems
{
    /// <summary>The same answer whether the id never existed or belongs to another tenant.</summary>
    public static ProblemHttpResult NotFound(string what, object id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: $"No such {what}.",
        detail: $"No {what} '{id}' is visible to this API key.");
}
