using RecruitSignal.ApiDocs;
using RecruitSignal.Presence;
using RecruitSignal.Scoring;

namespace RecruitSignal.Assessments;

/// <summary>One network of an assessment under a policy that reads several, scored alone with the policy's factors and tiers.</summary>
/// <param name="Network"><c>x</c>, <c>bluesky</c> or <c>mastodon</c>.</param>
/// <param name="Handle">The account as stored (<c>camille_m</c>, <c>camille.bsky.social</c> or a DID, <c>camille@mastodon.social</c>), or null for declared absence without a handle.</param>
/// <param name="Ownership">How the handle was obtained: <c>claimed</c> (typed by the candidate) or <c>ats</c>.</param>
/// <param name="Status"><c>pending</c> (being read), <c>not_read</c> (no consent covers the network, or the network is not configured),
/// <c>found</c>, <c>not_found</c>, <c>suspended</c>, <c>protected</c> (X), <c>restricted</c> (the account refuses signed-out readers),
/// <c>unavailable</c> (the server refused, timed out or failed) or <c>invalid_handle</c> (the handle does not resolve both ways).
/// Only <c>not_found</c> on every named network is absence.</param>
/// <param name="Evidence">What was observed (counts and dates only), when the network was read.</param>
/// <param name="LookupMilliseconds">How long the service's lookup of this network took, when it read it.</param>
public sealed record NetworkResponse(
    [property: WireValues("Network", Networks.X, Networks.Bluesky, Networks.Mastodon)] string Network,
    string? Handle,
    HandleOwnership Ownership,
    NetworkStatus Status,
    PresenceTier PresenceTier,
    bool ActiveProfessionalPresence,
    int? Score,
    Band Band,
    IReadOnlyList<FactorResult> Factors,
    IReadOnlyList<string> ReasonCodes,
    EvidenceSummary? Evidence,
    int? LookupMilliseconds);
