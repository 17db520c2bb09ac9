using RecruitSignal.ApiDocs;
using RecruitSignal.Consent;
using RecruitSignal.Input;
using RecruitSignal.Scoring;

namespace RecruitSignal.Screenings;

/// <summary>A candidate to screen, the job it is for, and what is known of the candidate's X activity.</summary>
/// <param name="Candidate">The candidate as the ATS holds it. Upserted by <c>externalId</c>: the profile sent replaces the stored one.</param>
/// <param name="Job">The job, whose keywords (or title) decide what counts as professional activity.</param>
/// <param name="Evidence">Activity figures the caller observed. Without it, a candidate with a handle is <c>unverified</c>.</param>
/// <param name="PolicyVersion">The scoring policy to use (see <c>GET /v1/policies</c>); by default the tenant's active one.</param>
public sealed record ScreeningRequest(CandidateProfile? Candidate, JobProfile? Job, DeclaredEvidence? Evidence, string? PolicyVersion = null);

/// <param name="ExternalId">The ATS's id of the candidate (required, at most 255 characters).</param>
/// <param name="FullName">Display name.</param>
/// <param name="Email">Contact email.</param>
/// <param name="Headline">Professional headline; its significant words are relevance terms when the job has no keywords.</param>
/// <param name="Twitter">X handle as the ATS holds it: <c>camille_m</c>, <c>@camille_m</c> or a profile URL such as <c>https://x.com/camille_m</c>.</param>
/// <param name="Links">The candidate's links as the ATS holds them (Greenhouse's <c>social_media_addresses</c>, Lever's <c>links</c>), at most 20.
/// When <c>twitter</c> is absent, the first X profile among them (an x.com / twitter.com URL or an <c>@name</c>) is used; other links are ignored.</param>
/// <param name="Consent">The candidate's decision on an X lookup, recorded in their consent history. Without a current grant nothing is fetched from X.</param>
public sealed record CandidateProfile(
    string? ExternalId,
    string? FullName,
    string? Email,
    string? Headline,
    string? Twitter,
    IReadOnlyList<string>? Links = null,
    ConsentRequest? Consent = null)
{
    /// <summary>The handle to assess: <c>twitter</c>, else the first X link. Only for a validated profile.</summary>
    public string? XHandleText() => Twitter ?? Links?.FirstOrDefault(Presence.X.XHandle.PointsToX);
}

/// <param name="ExternalId">The ATS's id of the job.</param>
/// <param name="Title">Job title; its significant words are relevance terms when no keywords are given.</param>
/// <param name="Keywords">Relevance terms (words or phrases), matched case- and accent-insensitively on whole words.</param>
public sealed record JobProfile(string? ExternalId, string? Title, IReadOnlyList<string>? Keywords);

/// <summary>A snapshot of one X account's public activity over <c>windowDays</c> ending at <c>observedAt</c> (design section 3).</summary>
/// <param name="Source">Only <c>declared</c> is accepted from callers (the default).</param>
/// <param name="Status">One of <c>found</c>, <c>not_found</c>, <c>suspended</c>, <c>protected</c>.</param>
/// <param name="ObservedAt">When the snapshot was taken; not in the future. Defaults to the time of the request.</param>
/// <param name="WindowDays">Length of the activity window, 7 to 365 days (default 90).</param>
/// <param name="OriginalPosts">Posts written by the account in the window, quotes included: a whole number from 0 to 1,000,000. Required when status is <c>found</c>.</param>
/// <param name="Replies">Replies to others in the window, 0 to 1,000,000. Required when status is <c>found</c>.</param>
/// <param name="Reposts">Plain reposts in the window, 0 to 1,000,000. Required when status is <c>found</c>.</param>
/// <param name="LastAuthoredPostAt">Newest original post or reply. Without it the active-presence boolean is false.</param>
/// <param name="Followers">Recorded, never scored; 0 to 1,000,000.</param>
/// <param name="AccountCreatedAt">When the account was created.</param>
/// <param name="Bio">Profile text: matched against relevance terms, then dropped. Only the matched terms are stored.</param>
/// <param name="RelevantOriginalPosts">Original posts in the window that mention a relevance term, 0 to 1,000,000 and at most <c>originalPosts</c> (default 0).</param>
public sealed record DeclaredEvidence(
    [property: WireValues("DeclaredSource", "declared")] string? Source,
    [property: WireValues(typeof(AccountStatus))] string? Status,
    DateTimeOffset? ObservedAt,
    int? WindowDays,
    int? OriginalPosts,
    int? Replies,
    int? Reposts,
    DateTimeOffset? LastAuthoredPostAt,
    int? Followers,
    DateTimeOffset? AccountCreatedAt,
    [property: MultilineText] string? Bio,
    int? RelevantOriginalPosts);
