using Microsoft.Extensions.DependencyInjection.Extensions;
using RecruitSignal.Outbound;

namespace RecruitSignal.Integrations;

/// <summary>What every ATS adapter stands on: orders, their results, the SSRF guard for the calls back.</summary>
public static class AtsCore
{
    /// <summary>Registers the core once, whichever adapter asks first.</summary>
    public static IServiceCollection AddAtsCore(this IServiceCollection services)
    {
        services.AddTargetGuard();
        services.TryAddSingleton<AtsOrders>();
        services.TryAddSingleton<AtsResults>();
        services.TryAddSingleton<AtsCredentials>();
        return services;
    }
}
