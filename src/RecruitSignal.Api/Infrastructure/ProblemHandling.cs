using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using RecruitSignal.Database;

namespace RecruitSignal.Infrastructure;

public static class ProblemHandling
{
    /// <summary>Request bodies larger than this are refused with 413 unless an endpoint sets its own limit.</summary>
    public const long DefaultMaxRequestBodyBytes = 64 * 1024;

    public static IHostApplicationBuilder AddProblemHandling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Detail ??= problem.Status switch
            {
                StatusCodes.Status413PayloadTooLarge => $"Send a body of at most {MaxBodyBytes(context.HttpContext) / 1024} KiB.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with 'Content-Type: application/json'.",
                StatusCodes.Status404NotFound => "There is nothing at this address.",
                StatusCodes.Status405MethodNotAllowed => "This address does not accept this method.",
                _ => null,
            };
            // ASP.NET Core fills type and title for the common statuses only (not 413 or 429); the OpenAPI
            // document promises both on every problem.
            problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status ?? context.HttpContext.Response.StatusCode);
            problem.Type ??= "about:blank";
        });
        builder.Services.AddExceptionHandler<RequestProblemHandler>();
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => Json.Configure(options.SerializerOptions));
        // Body binding errors (bad JSON, wrong content type, too large) are thrown so that one handler
        // can turn every one of them into the same kind of problem answer.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = DefaultMaxRequestBodyBytes);
        return builder;
    }

    // The endpoint's own cap (the batch endpoint raises it) is what the client must stay under.
    private static long MaxBodyBytes(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? DefaultMaxRequestBodyBytes;

    public static WebApplication UseProblemHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>
/// Turns what goes wrong before or around a handler into RFC 9457 problems: unreadable bodies
/// become 400/413/415 with the JSON path of the bad field, an unreachable database or one without a writable
/// primary becomes 503 (<see cref="Failover"/>).
/// Anything else falls through to the default 500 problem, which never carries a stack trace.
/// </summary>
internal sealed partial class RequestProblemHandler(IProblemDetailsService problems, ILogger<RequestProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title, detail, errors) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } bad =>
                (bad.StatusCode, "The request body is not valid JSON for this endpoint.", null, ErrorsOf(json)),
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad when bad.Message.Contains("no body", StringComparison.Ordinal) =>
                (bad.StatusCode, "The request body is required.", "Send a JSON body.", null),
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad when ParameterOf(bad.Message) is { } parameter =>
                (bad.StatusCode, "The request is not valid.", null, new() { [parameter] = ["The value has the wrong type or format."] }),
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad =>
                (bad.StatusCode, "The request could not be read.", bad.Message, null),
            BadHttpRequestException bad =>
                (bad.StatusCode, null, null, null),
            InvalidDataException =>
                (StatusCodes.Status400BadRequest, "The request body could not be read.", "The form or multipart body is malformed or over its limits.", null),
            // Only once the contention retries are spent; the database is there, the request kept losing to others.
            _ when Contention.IsContention(exception) =>
                (StatusCodes.Status409Conflict, "The request kept conflicting with concurrent changes.", "Retry it.", null),
            _ when context.RequestServices.GetRequiredService<Failover>().ForgetPrimaryAfter(exception) =>
                (StatusCodes.Status503ServiceUnavailable, "The database is unavailable.", "No database server accepts writes right now (a restart or a failover); retry shortly.", null),
            _ => (0, (string?)null, (string?)null, (Dictionary<string, string[]>?)null),
        };
        if (status == 0)
        {
            return false;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            LogDatabaseUnavailable(logger, exception, context.Request.Path);
            context.Response.Headers.RetryAfter = Failover.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = status;
        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        (problem.Status, problem.Title, problem.Detail) = (status, title, detail);

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable while serving {Path}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception, PathString path);

    // Routing names the parameter it could not bind, as 'Failed to bind parameter "Nullable<int> limit" from "abc"'
    // (an [AsParameters] record gives its property name, "Limit"); the client's name for it is the camelCase one.
    [GeneratedRegex("""parameter "[^"]* (?<name>[A-Za-z_][A-Za-z0-9_]*)" """, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ParameterPattern();

    private static string? ParameterOf(string message) =>
        ParameterPattern().Match(message) is { Success: true } match ? JsonNamingPolicy.CamelCase.ConvertName(match.Groups["name"].Value) : null;

    private static Dictionary<string, string[]>? ErrorsOf(JsonException json)
    {
        var path = json.Path is null or "$" ? "$" : json.Path.TrimStart('$', '.');
        var message = json.Message switch
        {
            var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "This field is not part of the request.",
            var m when m.StartsWith("Duplicate property", StringComparison.Ordinal) =>
                "This field is sent more than once (names are case-insensitive); send it once.",
            _ when json.InnerException?.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase) == true =>
                "The text holds a lone surrogate (half of a UTF-16 pair); send valid Unicode.",
            var m when m.Contains("could not be converted", StringComparison.Ordinal) =>
                "The value has the wrong type or format (numbers are JSON numbers, whole ones for counts; dates are ISO 8601 strings).",
            _ => "The JSON is malformed here.",
        };
        return new() { [path] = [message] };
    }
}
