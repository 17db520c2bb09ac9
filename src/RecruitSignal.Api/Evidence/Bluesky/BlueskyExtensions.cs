using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace RecruitSignal.Presence.Bluesky;

public static class BlueskyExtensions
{
    public static IHostApplicationBuilder AddBluesky(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BlueskyOptions>()
            .BindConfiguration(BlueskyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddTransient<BlueskyIdentity>();
        builder.Services.AddKeyedTransient<IPresenceProvider, BlueskyPresenceProvider>(BlueskyPresenceProvider.Name);
        builder.Services.AddHttpClient<BlueskyClient>()
            // The factory's log scopes hold the URL, which names the account: failures are logged by the job instead.
            .RemoveAllLoggers()
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience) =>
            {
                // 429 is left to the job, which waits for the reset; 5xx and timeouts are retried here.
                resilience.Retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException } => true,
                    { Result: { } response } => (int)response.StatusCode >= 500,
                    _ => false,
                });
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.BackoffType = DelayBackoffType.Exponential;
            });
        return builder;
    }
}
