using RecruitSignal.Scoring;

namespace RecruitSignal.Policies;

/// <summary>A new policy of the tenant. Its version, <c>name@revision</c>, is assigned by the service.</summary>
/// <param name="Name">Lower-case letters, digits and '-', 1 to 40 characters, not <c>default</c>. Each new policy of the same name gets the next revision.</param>
/// <param name="Weights">Points of each factor; they sum to 100. <c>followers</c> must be 0: followers are recorded, never scored.</param>
/// <param name="Tiers">Thresholds of the presence tiers (design section 5).</param>
/// <param name="Active">What the active-presence boolean requires.</param>
/// <param name="Scales">Where each factor reaches its full points.</param>
/// <param name="Bands">Lowest score of each band: 1 &lt;= weak &lt; moderate &lt; strong &lt;= 100.</param>
/// <param name="Absence"><c>score_zero</c> (default): a candidate with no account scores 0, band none. <c>not_applicable</c>: tier absent with a null score and band unknown, so absence counts against no one.</param>
/// <param name="RequireVerifiedOwnership">When true, a handle the candidate did not prove theirs by signing in on its own network (X, Bluesky or Mastodon), such as one typed on the candidate page or sent by the ATS, is <c>unverified</c> with <c>HANDLE_NOT_VERIFIED</c>; under a policy reading several networks, that network alone is <c>not_read</c>. Default false.</param>
/// <param name="Networks">The networks the policy reads, 1 to 3 of <c>x</c>, <c>bluesky</c>, <c>mastodon</c>. Omitted, it reads X alone, as every
/// policy did before networks existed. Named, each network is scored alone and the best decides, as under <c>default@2</c>.</param>
public sealed record PolicyRequest(
    string? Name,
    FactorWeights? Weights,
    TierThresholds? Tiers,
    ActivePresenceRules? Active,
    FactorScales? Scales,
    BandThresholds? Bands,
    AbsenceTreatment? Absence,
    bool? RequireVerifiedOwnership = null,
    IReadOnlyList<string>? Networks = null)
{
    /// <summary>The policy to store; its networks in the order answers list them, whatever order the request gave.</summary>
    public ScoringPolicy ToPolicy(string version) =>
        new(version, Weights!, Tiers!, Active!, Scales!, Bands!, Absence ?? AbsenceTreatment.ScoreZero, RequireVerifiedOwnership ?? false,
            Networks is null ? null : [.. Presence.Networks.All.Where(Networks.Contains)]);
}

/// <param name="Version">A version listed by <c>GET /v1/policies</c>.</param>
public sealed record ActivePolicyRequest(string? Version);

/// <summary>A stored, immutable scoring policy.</summary>
/// <param name="Version">The immutable version, e.g. <c>default@1</c> or <c>no-penalty@2</c>.</param>
/// <param name="BuiltIn">True for the service's own policies, which every tenant can use.</param>
/// <param name="IsActive">True for the policy screenings of this tenant use when they name none.</param>
/// <param name="CreatedAt">When the tenant created it; null for built-in policies.</param>
/// <param name="Parameters">Weights, thresholds, scales, bands and the absence option.</param>
public sealed record PolicyResponse(string Version, bool BuiltIn, bool IsActive, DateTimeOffset? CreatedAt, ScoringPolicy Parameters);

/// <summary>The built-in policies and the tenant's own, oldest first.</summary>
public sealed record PolicyList(string ActiveVersion, IReadOnlyList<PolicyResponse> Items);
