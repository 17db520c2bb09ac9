using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using RecruitSignal.Health;

namespace RecruitSignal.Presence.X;

public static class XApiExtensions
{
    public static IHostApplicationBuilder AddXApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<XApiOptions>()
            .BindConfiguration(XApiOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<XApiStatus>();
        builder.Services.AddTransient<XApiLookup>();
        builder.Services.AddKeyedTransient<IPresenceProvider, XPresenceProvider>(XPresenceProvider.Name);
        builder.Services.AddHealthChecks().AddCheck<XApiHealthCheck>("x_api", tags: [HealthEndpoints.ReadyTag]);

        builder.Services.AddHttpClient<XApiClient>((services, http) =>
            {
                var options = services.GetRequiredService<IOptions<XApiOptions>>().Value;
                http.BaseAddress = new Uri(options.BaseUrl);
                if (options.IsConfigured)
                {
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken!.Trim());
                }
            })
            // The factory's logging handlers open a log scope holding the request URL, which names the handle: every
            // line written during the call would carry it. Failures are logged by the lookup job, without the URL.
            .RemoveAllLoggers()
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider services) =>
            {
                var options = services.GetRequiredService<IOptions<XApiOptions>>().Value;
                // 429 is left to the job, which waits for X's reset time instead of hammering the limit.
                resilience.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
                resilience.Retry.MaxRetryAttempts = 3;
                resilience.Retry.Delay = options.HttpRetryDelay;
                resilience.Retry.BackoffType = DelayBackoffType.Exponential;
                resilience.Retry.UseJitter = true;
                resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
            });
        return builder;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
        _ => false,
    };
}
