using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RecruitSignal.Database;

namespace RecruitSignal.Tenants;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;api key&gt;</c>. A missing, malformed, unknown, revoked or expired key
/// all get the same 401 problem, so the answer tells an attacker nothing about which keys exist; the metrics
/// count each reason. A client address that keeps presenting wrong keys gets 429 for a while.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyStore keys,
    KeyUsage usage,
    FailedAuthentication failures,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string TenantClaim = "tenant_id";
    public const string KeyClaim = "api_key_id";

    private string _refusal = "missing";
    private TimeSpan? _retryAfter;
    private Exception? _unavailable;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        // Basic is the Greenhouse endpoints' scheme, which resolves and counts its own keys: not a wrong Bearer key.
        if (string.IsNullOrEmpty(header) || header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var client = Context.Connection.RemoteIpAddress;
        if (failures.RetryAfter(client) is { } wait)
        {
            (_refusal, _retryAfter) = ("throttled", wait);
            return AuthenticateResult.Fail("Too many wrong API keys from this address.");
        }

        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        ApiKeyOwner? owner;
        KeyRefusal? refusal;
        try
        {
            (owner, refusal) = await keys.ResolveAsync(presented, Context.RequestAborted);
        }
        catch (Exception e) when (Transient.IsTransient(e))
        {
            // The database is out of reach: an endpoint that needs the key answers 503 (thrown again at the
            // challenge, for the problem handler); one that needs none (/health/live) is still served.
            _unavailable = e;
            return AuthenticateResult.NoResult();
        }

        if (owner is null)
        {
            _refusal = WireName(refusal!.Value);
            failures.Record(client);
            return AuthenticateResult.Fail("Refused API key.");
        }

        usage.Touch(owner);
        return AuthenticateResult.Success(new AuthenticationTicket(PrincipalOf(owner, SchemeName), SchemeName));
    }

    /// <summary>The claims every scheme gives an authenticated key: its tenant, its id and one claim per scope.</summary>
    public static ClaimsPrincipal PrincipalOf(ApiKeyOwner owner, string scheme)
    {
        var claims = new List<Claim> { new(TenantClaim, owner.TenantId.ToString()), new(KeyClaim, owner.KeyId.ToString()) };
        claims.AddRange(owner.Scopes.Select(scope => new Claim(ApiScopes.ClaimType, scope)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_unavailable is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_unavailable);
        }

        await AuthenticationChallenge.WriteAsync(Context, problems, _refusal, _retryAfter, "Bearer", "Send a valid API key as 'Authorization: Bearer <key>'.");
    }

    private static string WireName(KeyRefusal refusal) => refusal.ToString().ToLowerInvariant();
}

public static class TenantClaims
{
    /// <summary>The tenant of the authenticated API key; every query filters on it.</summary>
    public static Guid TenantId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ApiKeyAuthentication.TenantClaim)
            ?? throw new InvalidOperationException("The endpoint is not behind API key authentication."));
}
