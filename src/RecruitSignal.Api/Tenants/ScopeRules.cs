using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RecruitSignal.Tenants;

/// <summary>
/// Which scope each /v1 endpoint needs, in one table read top to bottom (the first rule that matches the
/// method and the path wins). An endpoint no rule names needs <c>admin</c>, so a new endpoint is closed
/// until someone decides otherwise. Set once on the /v1 group; a key without the scope gets a 403 problem.
/// </summary>
public static class ScopeRules
{
    private static readonly (string Method, string PathPrefix, string Scope)[] Rules =
    [
        ("POST", "/v1/screenings", ApiScopes.Screenings),
        ("*", "/v1/keys", ApiScopes.Admin),
        ("*", "/v1/webhooks", ApiScopes.Admin),
        ("*", "/v1/audit", ApiScopes.Admin),
        ("POST", "/v1/rescoring-jobs", ApiScopes.Admin),
        ("POST", "/v1/policies", ApiScopes.Admin),
        ("PUT", "/v1/policies", ApiScopes.Admin),
        ("PUT", "/v1/settings", ApiScopes.Admin),
        ("POST", "/v1/candidates", ApiScopes.Screenings),
        ("PUT", "/v1/candidates", ApiScopes.Screenings),
        ("DELETE", "/v1/candidates", ApiScopes.Screenings),
        ("DELETE", "/v1/invitations", ApiScopes.Screenings),
        ("POST", "/v1/assessments/{id:guid}/report-links", ApiScopes.Read),
        ("POST", "/v1/assessments", ApiScopes.Screenings),
        ("GET", "/v1/", ApiScopes.Read),
    ];

    public static string ScopeFor(string method, string path) =>
        Rules.FirstOrDefault(rule => (rule.Method == "*" || rule.Method == method) && path.StartsWith(rule.PathPrefix, StringComparison.Ordinal)).Scope
        ?? ApiScopes.Admin;

    /// <summary>Gives every endpoint of the group the policy of its scope.</summary>
    public static RouteGroupBuilder RequireScopes(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route
                && endpoint.Metadata.OfType<HttpMethodMetadata>().FirstOrDefault()?.HttpMethods is [var method])
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(ScopeFor(method, "/" + route.RoutePattern.RawText!.TrimStart('/'))));
            }
        });
        return group;
    }

    public static void AddScopePolicies(this AuthorizationOptions options)
    {
        foreach (var scope in ApiScopes.All)
        {
            options.AddPolicy(scope, policy => policy.RequireAuthenticatedUser().RequireClaim(ApiScopes.ClaimType, scope));
        }
    }

    /// <summary>Each operation says in the OpenAPI document which scope it needs, and that a key without it gets 403.</summary>
    public static void DocumentScopes(OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        var scope = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
            .Select(a => a.Policy).LastOrDefault(p => p is not null && ApiScopes.IsKnown(p));
        if (scope is not null)
        {
            operation.Description = $"{operation.Description?.TrimEnd()}\n\nNeeds an API key with the `{scope}` scope.".TrimStart();
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = $"The API key lacks the `{scope}` scope (problem+json)." });
        }

        return Task.CompletedTask;
    });
}

/// <summary>A key without the scope an endpoint needs gets a 403 problem that names the scope.</summary>
public sealed class ScopeProblemResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden || context.User.Identity?.IsAuthenticated != true)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var missing = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.ClaimsAuthorizationRequirement>()
            .SelectMany(r => r.AllowedValues ?? []).FirstOrDefault() ?? "another";
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "The API key lacks a scope.",
                Detail = $"This call needs an API key with the '{missing}' scope; an admin key can make one with POST /v1/keys.",
            },
        });
    }
}
