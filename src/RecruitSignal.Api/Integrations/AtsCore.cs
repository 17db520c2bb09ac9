using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RecruitSignal.Outbound;

namespace RecruitSignal.Integrations;

/// <summary>What every ATS adapter stands on: orders, their results, the calls every adapter serves, the SSRF guard for the calls back.</summary>
public static class AtsCore
{
    /// <summary>Registers the core once, whichever adapter asks first.</summary>
    public static IServiceCollection AddAtsCore(this IServiceCollection services)
    {
        services.AddTargetGuard();
        services.TryAddSingleton<AtsOrders>();
        services.TryAddSingleton<AtsResults>();
        services.TryAddSingleton<AtsCredentials>();
        services.TryAddSingleton<AtsPartner>();
        services.TryAddSingleton<AtsWebhooks>();
        services.TryAddSingleton<AtsCallbackServices>();
        return services;
    }

    /// <summary>
    /// Registers one adapter on the core: its settings (<paramref name="section"/>, validated at start-up), its result outbox
    /// (a hosted service, which tests drive themselves), and its examples in the OpenAPI document.
    /// </summary>
    public static IServiceCollection AddAtsAdapter<TOptions, TCallbacks>(this IServiceCollection services, string section, Action<OpenApiOptions> docs)
        where TOptions : AtsOptions
        where TCallbacks : AtsCallbacks
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAtsCore();
        services.AddSingleton<TCallbacks>();
        services.AddHostedService(provider => provider.GetRequiredService<TCallbacks>());
        services.Configure("v1", docs);
        return services;
    }
}
