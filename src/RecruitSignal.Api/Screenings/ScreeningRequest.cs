using RecruitSignal.ApiDocs;
using RecruitSignal.Consent;
using RecruitSignal.Input;
using RecruitSignal.Presence;
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
/// A network whose own field is absent takes the first link written for it: an x.com / twitter.com URL or an <c>@name</c> for X; a
/// <c>https://bsky.app/profile/...</c> URL or a <c>did:</c> for Bluesky; <c>@user@server</c> or <c>https://server/@user</c> for Mastodon
/// (on a host the service does not know, WebFinger decides at lookup time). Other links are ignored.</param>
/// <param name="Consent">The candidate's decision on a lookup, recorded in their consent history. Without a current grant covering a network nothing is fetched from it.</param>
/// <param name="Bluesky">Bluesky account: a handle (<c>camille.bsky.social</c>), a DID (<c>did:plc:...</c>) or <c>https://bsky.app/profile/...</c>. Read by policies that read Bluesky (<c>default@2</c>).</param>
/// <param name="Mastodon">Mastodon account: <c>@camille@mastodon.social</c> or <c>https://mastodon.social/@camille</c>. Read by policies that read Mastodon (<c>default@2</c>).</param>
public sealed record CandidateProfile(
    string? ExternalId,
    string? FullName,
    string? Email,
    string? Headline,
    string? Twitter,
    IReadOnlyList<string>? Links = null,
    ConsentRequest? Consent = null,
    string? Bluesky = null,
    string? Mastodon = null)
{
    /// <summary>The X handle to assess: <c>twitter</c>, else the first X link. Only for a validated profile.</summary>
    public string? XHandleText() => Twitter ?? LinkFor(Networks.X);

    /// <summary>
    /// Each network's handle as written, from its field or else the first link written for it (a link on an unknown host that
    /// reads as <c>https://host/@user</c> counts as Mastodon; WebFinger decides at lookup time). Only for a validated profile.
    /// </summary>
    public IEnumerable<(string Network, string Text)> HandleTexts()
    {
        foreach (var (network, field) in new[] { (Networks.X, Twitter), (Networks.Bluesky, Bluesky), (Networks.Mastodon, Mastodon) })
        {
            if ((field ?? LinkFor(network)) is { } text)
            {
                yield return (network, text);
            }
        }
    }

    private string? LinkFor(string network) => Links?.FirstOrDefault(link => Networks.OfLink(link) == network);
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
/// <param name="Network">The network the figures were observed on: <c>x</c> (default), <c>bluesky</c> or <c>mastodon</c>. Only a policy that reads that network scores them.</param>
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
    int? RelevantOriginalPosts,
    [property: WireValues("Network", Networks.X, Networks.Bluesky, Networks.Mastodon)] string? Network = null)
{
    /// <summary>The network the evidence is about, <c>x</c> unless named.</summary>
    public string NetworkOrX() => Network ?? Networks.X;
}
