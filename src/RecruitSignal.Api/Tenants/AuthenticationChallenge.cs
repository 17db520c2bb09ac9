using System.Globalization;
using RecruitSignal.Telemetry;

namespace RecruitSignal.Tenants;

/// <summary>
/// The answer to a refused key, whatever the scheme (Bearer, Greenhouse's Basic): counted by reason, then 429 with
/// <c>Retry-After</c> when the address is throttled, else 401 with the scheme's challenge; problem+json either way.
/// </summary>
public static class AuthenticationChallenge
{
    public static async Task WriteAsync(
        HttpContext context, IProblemDetailsService problems, string reason, TimeSpan? retryAfter, string challenge, string detail)
    {
        Instruments.AuthenticationFailed(reason);
        if (retryAfter is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await WriteAsync(context, problems, StatusCodes.Status429TooManyRequests, "Too many failed authentications.",
                $"This address sent too many wrong API keys; retry in {seconds} s.");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = challenge;
        await WriteAsync(context, problems, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    private static Task WriteAsync(HttpContext context, IProblemDetailsService problems, int status, string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
}
