using System.Text.Json.Serialization;
using RecruitSignal.ApiDocs;
using RecruitSignal.Presence;
using RecruitSignal.Reviews;
using RecruitSignal.Scoring;

namespace RecruitSignal.Assessments;

public enum AssessmentStatus { Completed, Pending, Failed, BudgetExhausted }

/// <summary>Where evidence came from: sent by the caller, fetched from the X API, or fetched from another network (Bluesky, Mastodon).</summary>
public enum EvidenceSource { Declared, XApi, NetworkApi }

/// <summary>One screening's result: the presence tier, the headline boolean, the score and why.</summary>
/// <param name="Id">Assessment id (UUID v7).</param>
/// <param name="CandidateId">RecruitSignal's id of the candidate.</param>
/// <param name="ExternalId">The ATS's id of the candidate.</param>
/// <param name="Status"><c>completed</c>; or <c>pending</c> while the evidence is fetched from X, then <c>completed</c> or <c>failed</c>; <c>budget_exhausted</c> while the lookup waits for the tenant's monthly X reads (it resumes by itself).</param>
/// <param name="Handle">The handle assessed (X's under a policy that reads X alone) and how it was obtained, or null when there was none.</param>
/// <param name="PresenceTier">absent, unverified, passive, relayer, publisher or engaged (design section 5).</param>
/// <param name="ActiveProfessionalPresence">True when the tier is publisher or engaged, an own post is at most 30 days old, and the presence is professional.</param>
/// <param name="Score">0 to 100; null when the tier is unverified.</param>
/// <param name="Band">strong (70+), moderate (40+), weak (1+), none (0) or unknown (unverified).</param>
/// <param name="Factors">How each factor counted; the points add up to the score (before rounding).</param>
/// <param name="ReasonCodes">Stable UPPER_SNAKE codes; their meanings are listed in the API description.</param>
/// <param name="PolicyVersion">The scoring policy used, for example <c>default@1</c>.</param>
/// <param name="RelevanceTerms">The terms that made activity professional for this screening.</param>
/// <param name="JobExternalId">The ATS's id of the job, when given.</param>
/// <param name="Evidence">The evidence scored, or null when there was none.</param>
/// <param name="AssessedAt">The observation time the score refers to.</param>
/// <param name="CreatedAt">When the assessment was stored.</param>
/// <param name="FailureReason">Why the X lookup could not finish, when the status is <c>failed</c>.</param>
/// <param name="ReviewState">unreviewed, confirmed, overridden or contested: the latest human decision on this result.</param>
/// <param name="LatestReview">The latest review or contest (history at <c>/v1/assessments/{id}/reviews</c>), or null. The computed result above is never changed by it.</param>
/// <param name="Networks">Under a policy that reads several networks (<c>default@2</c>): every network the candidate named, each scored alone; the
/// tier, score and band above are the best network's, and so are <c>handle</c> and <c>evidence</c>. Absent under a policy that reads X alone.</param>
public sealed record AssessmentResponse(
    Guid Id,
    Guid CandidateId,
    string ExternalId,
    AssessmentStatus Status,
    AssessmentHandle? Handle,
    PresenceTier PresenceTier,
    bool ActiveProfessionalPresence,
    int? Score,
    Band Band,
    IReadOnlyList<FactorResult> Factors,
    IReadOnlyList<string> ReasonCodes,
    string PolicyVersion,
    IReadOnlyList<string> RelevanceTerms,
    string? JobExternalId,
    EvidenceSummary? Evidence,
    DateTimeOffset AssessedAt,
    DateTimeOffset CreatedAt,
    string? FailureReason = null,
    ReviewState ReviewState = ReviewState.Unreviewed,
    Review? LatestReview = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<NetworkResponse>? Networks = null);

/// <summary>The handle an assessment is about (X's under a policy that reads X alone), and how the service came to know it.</summary>
/// <param name="Username">The username without '@', in its display case (under a policy that reads several networks, as <c>networks[].handle</c> has it).</param>
/// <param name="Ownership"><c>verified</c>: the candidate signed in on the handle's network (X, Bluesky or Mastodon) on the candidate page, proving the account is theirs;
/// <c>claimed</c>: the candidate typed it on the candidate page; <c>ats</c>: sent by the ATS.</param>
/// <param name="Network">Under a policy that reads several networks: the network of this handle, the one that decided the
/// result (or, while none did, the first named). Absent under a policy that reads X alone.</param>
public sealed record AssessmentHandle(
    string Username,
    HandleOwnership Ownership,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), WireValues("Network", Networks.X, Networks.Bluesky, Networks.Mastodon)] string? Network = null);

/// <summary>The stored evidence: counts, dates and matched terms only.</summary>
/// <param name="BioMatchedTerms">The relevance terms found in the bio; the bio itself is not kept.</param>
/// <param name="Network">Under a policy that reads several networks: the network observed, the same as <c>handle.network</c>.
/// Absent under a policy that reads X alone.</param>
public sealed record EvidenceSummary(
    Guid Id,
    EvidenceSource Source,
    AccountStatus Status,
    DateTimeOffset ObservedAt,
    int WindowDays,
    int? OriginalPosts,
    int? Replies,
    int? Reposts,
    int? RelevantOriginalPosts,
    DateTimeOffset? LastAuthoredPostAt,
    int? Followers,
    DateTimeOffset? AccountCreatedAt,
    IReadOnlyList<string> BioMatchedTerms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), WireValues("Network", Networks.X, Networks.Bluesky, Networks.Mastodon)] string? Network = null);
