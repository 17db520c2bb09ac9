using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RecruitSignal.Tenants;

public static class TenantsExtensions
{
    public static IHostApplicationBuilder AddTenants(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<TenantStore>();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<FailedAuthentication>();
        builder.Services.AddSingleton<KeyUsage>();
        builder.Services.AddHostedService(services => services.GetRequiredService<KeyUsage>());
        builder.Services.AddOptions<AuthenticationOptions>().BindConfiguration(AuthenticationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorization(options => options.AddScopePolicies());
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeProblemResultHandler>();
        builder.Services.Configure<OpenApiOptions>("v1", ScopeRules.DocumentScopes);
        builder.Services.Configure<OpenApiOptions>("v1", KeyExamples.Register);
        return builder;
    }
}
