using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RecruitSignal.Tenants;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;api key&gt;</c>. A missing, malformed or unknown key all get
/// the same 401 problem, so the answer tells an attacker nothing about which keys exist.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TenantStore tenants,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string TenantClaim = "tenant_id";
    public const string KeyClaim = "api_key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || !ApiKey.TryParse(header["Bearer ".Length..].Trim(), out var key))
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var owner = await tenants.FindOwnerAsync(key, Context.RequestAborted);
        if (owner is null)
        {
            return AuthenticateResult.Fail("Unknown API key.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(TenantClaim, owner.TenantId.ToString()), new Claim(KeyClaim, owner.KeyId.ToString())],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = "Send a valid API key as 'Authorization: Bearer <key>'.",
            },
        });
    }
}

public static class TenantClaims
{
    /// <summary>The tenant of the authenticated API key; every query filters on it.</summary>
    public static Guid TenantId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ApiKeyAuthentication.TenantClaim)
            ?? throw new InvalidOperationException("The endpoint is not behind API key authentication."));
}
