namespace RecruitSignal.Tenants;

/// <summary>
/// What an API key may do. A key holds one or more scopes; each /v1 endpoint needs exactly one
/// (<see cref="ScopeRules"/>). The first key of a tenant, and every key made before scopes existed, holds them all.
/// </summary>
public static class ApiScopes
{
    /// <summary>Write screenings and act on candidates: screen, batch, consent, refresh, rescore one, review, contest, erase.</summary>
    public const string Screenings = "screenings";

    /// <summary>Read what the tenant holds: assessments, candidates, explanations, exports, policies, settings.</summary>
    public const string Read = "read";

    /// <summary>Configure the tenant: API keys, webhooks, policies, retention, the X read budget, rescoring jobs, the audit log.</summary>
    public const string Admin = "admin";

    /// <summary>The Greenhouse Assessment Partner endpoints (HTTP Basic, the key as the username).</summary>
    public const string Greenhouse = "greenhouse";

    /// <summary>The Workable assessment-provider endpoints (Bearer, as Workable sends it).</summary>
    public const string Workable = "workable";

    /// <summary>The Ashby assessments-partner endpoints (HTTP Basic, the key as the username).</summary>
    public const string Ashby = "ashby";

    public const string ClaimType = "scope";

    public static IReadOnlyList<string> All { get; } = [Screenings, Read, Admin, Greenhouse, Workable, Ashby];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
