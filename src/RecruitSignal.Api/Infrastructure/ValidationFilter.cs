using System.Text;
using FluentValidation;
using RecruitSignal.Input;

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
            return context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<OptionalBody>() is not null
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request body is required.");
        }

        return await RequestValidation.ErrorsAsync(validator, request, context.HttpContext.RequestAborted) is { } errors
            ? TypedResults.ValidationProblem(errors, title: "The request is not valid.")
            : await next(context);
    }
}

public static class ValidationFilterExtensions
{
    /// <summary>Validates the <typeparamref name="T"/> body and documents the 400 validation problem; an optional body is validated when sent.</summary>
    public static RouteHandlerBuilder WithValidation<T>(this RouteHandlerBuilder builder, bool bodyRequired = true)
    {
        if (!bodyRequired)
        {
            builder.WithMetadata(new OptionalBody());
        }

        return builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
    }
}

/// <summary>Marks an endpoint whose body may be left out.</summary>
public sealed class OptionalBody;

/// <summary>How a request body is judged, in the validation filter and for each item of a batch alike.</summary>
public static class RequestValidation
{
    /// <summary>
    /// The request's errors keyed by JSON path, or null when it is valid. The character rule comes first, so
    /// that no validator (handle parsing, URL resolution) ever works on text that is refused anyway.
    /// </summary>
    public static async Task<Dictionary<string, string[]>?> ErrorsAsync<T>(IValidator<T> validator, T request, CancellationToken ct)
    {
        if (TextFields.Errors(request) is { } refused)
        {
            return refused;
        }

        var result = await validator.ValidateAsync(request, ct);
        return result.IsValid
            ? null
            : result.Errors.GroupBy(e => JsonPath(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
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
