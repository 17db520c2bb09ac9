using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using RecruitSignal.Tenants;

namespace RecruitSignal.RateLimits;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests one tenant may make per window, on each replica (environment: <c>RateLimits__PermitLimit</c>).</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits__PermitLimit must be from 1 to 1000000 (default 600).")]
    public int PermitLimit { get; set; } = 600;

    /// <summary>The window (environment: <c>RateLimits__Window</c>, e.g. <c>00:01:00</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "RateLimits__Window must be from 00:00:01 to 01:00:00 (default 00:01:00).")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Per-tenant request limits with ASP.NET Core's rate limiter: one fixed window per tenant (after
/// authentication), so a noisy tenant gets 429 while the others are served. Unauthenticated calls
/// (health, docs, 401s) are not counted. Limits are per replica.
/// </summary>
public static class RateLimitExtensions
{
    public static IHostApplicationBuilder AddTenantRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            var (permits, window) = (limits.Value.PermitLimit, limits.Value.Window);
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.User.Identity?.IsAuthenticated == true
                    ? RateLimitPartition.GetFixedWindowLimiter(context.User.TenantId().ToString(), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = permits,
                        Window = window,
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("anonymous"));
            limiter.OnRejected = RejectAsync;
        });
        builder.Services.Configure<OpenApiOptions>("v1", options => options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
            {
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("429", new OpenApiResponse
                {
                    Description = "The tenant's request limit is used up for now (problem+json); retry after `Retry-After` seconds.",
                });
            }

            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>After authentication: partitions need the tenant.</summary>
    public static WebApplication UseTenantRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests for this tenant.",
                Detail = $"This API key's tenant has used its requests for now; retry in {seconds} s.",
            },
        });
    }
}
