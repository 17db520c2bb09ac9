using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using RecruitSignal.Presence.X;
using RecruitSignal.Scoring;

namespace RecruitSignal.Presence.Bluesky;

/// <summary>
/// Bluesky on the provider seam: the identity verified both ways, then the profile and the author feed over the window,
/// read from the public AppView. Free, so no budget; an account labelled !no-unauthenticated is not read at all.
/// </summary>
public sealed class BlueskyPresenceProvider(BlueskyIdentity identity, BlueskyClient client, IOptions<XApiOptions> window) : IPresenceProvider
{
    public const string Name = "bluesky";

    /// <summary>Pages read at most (100 posts each): more than any window of a person's own posting.</summary>
    public const int MaxPages = 50;

    public string Network => Name;

    public bool IsConfigured => true; // public reads need no credentials

    public bool TryParseHandle(string? input, [NotNullWhen(true)] out string? handle, [NotNullWhen(false)] out string? problem)
    {
        if (BlueskyHandle.TryParse(input, out var parsed, out problem))
        {
            handle = parsed.Value;
            return true;
        }

        handle = null;
        return false;
    }

    public Task ResumeWaitingAsync(CancellationToken ct) => Task.CompletedTask;

    /// <exception cref="LookupException">Bluesky gave no usable answer, or the handle does not resolve both ways.</exception>
    public async Task<PresenceObservation> ObserveAsync(Guid tenantId, string handle, DateTimeOffset observedAt, RelevanceTerms terms, CancellationToken ct)
    {
        var windowDays = window.Value.WindowDays;
        if (!BlueskyHandle.TryParse(handle, out var given, out var problem))
        {
            throw LookupException.InvalidHandle(problem);
        }

        var (did, _) = await identity.VerifyAsync(given, ct);
        var (outcome, profile) = await client.GetProfileAsync(did, ct);
        if (profile is null)
        {
            var status = outcome == ProfileOutcome.Suspended ? AccountStatus.Suspended : AccountStatus.NotFound;
            return new PresenceObservation(status, observedAt, windowDays, null, null, null, null, null, null, null, []);
        }

        var bioTerms = terms.MatchesIn(profile.Description);
        if (profile.NoUnauthenticated)
        {
            // Restricted: the account asked not to be shown to anyone signed out, which this service always is.
            return new PresenceObservation(AccountStatus.Protected, observedAt, windowDays, null, null, null, null, null, profile.FollowersCount, profile.CreatedAt, bioTerms);
        }

        var tally = new TimelineTally(observedAt.AddDays(-windowDays), terms);
        if (profile.PostsCount is not 0)
        {
            string? cursor = null;
            var pages = 0;
            do
            {
                var page = await client.GetAuthorFeedAsync(did, cursor, ct);
                tally.Add(page.Feed ?? []);
                cursor = page.Feed is { Count: > 0 } ? page.Cursor : null;
            }
            while (cursor is not null && !tally.ReachedWindowStart && ++pages < MaxPages);
        }

        return new PresenceObservation(
            AccountStatus.Found, observedAt, windowDays, tally.OriginalPosts, tally.Replies, tally.Reposts,
            tally.RelevantOriginalPosts, tally.LastAuthoredPostAt, profile.FollowersCount, profile.CreatedAt, bioTerms);
    }
}
