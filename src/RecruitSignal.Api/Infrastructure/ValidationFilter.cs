using System.Text;
using FluentValidation;

namespace RecruitSignal.Infrastructure;

/// <summary>
/// Runs the FluentValidation validator of a request body before the handler, and answers a 400
/// validation problem keyed by JSON path (<c>candidate.twitter</c>, <c>job.keywords[2]</c>).
/// </summary>
public sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<T>().FirstOrDefault();
        if (request is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request body is required.");
        }

        var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
        if (result.IsValid)
        {
            return await next(context);
        }

        var errors = result.Errors
            .GroupBy(e => JsonPath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return TypedResults.ValidationProblem(errors, title: "The request is not valid.");
    }

    /// <summary>"Candidate.Twitter" becomes "candidate.twitter"; "Job.Keywords[2]" becomes "job.keywords[2]".</summary>
    internal static string JsonPath(string propertyPath)
    {
        var path = new StringBuilder(propertyPath.Length);
        var segmentStart = true;
        foreach (var c in propertyPath)
        {
            path.Append(segmentStart ? char.ToLowerInvariant(c) : c);
            segmentStart = c == '.';
        }

        return path.ToString();
    }
}

public static class ValidationFilterExtensions
{
    /// <summary>Validates the <typeparamref name="T"/> body and documents the 400 validation problem.</summary>
    public static RouteHandlerBuilder WithValidation<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}
