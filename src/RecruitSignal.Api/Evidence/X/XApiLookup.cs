using RecruitSignal.Scoring;

namespace RecruitSignal.Presence.X;

/// <summary>
/// Observes one X account: the user lookup, then the timeline over the window, page by page, until the
/// window start, the last page or X's 3,200-post cap. Costs 1 user read plus one read per 100 posts.
/// </summary>
public sealed class XApiLookup(XApiClient client)
{
    public const int MaxPostsServedByX = 3200;

    /// <exception cref="LookupException">X gave no usable answer.</exception>
    public async Task<PresenceObservation> ObserveAsync(
        string handle, DateTimeOffset observedAt, int windowDays, RelevanceTerms terms, CancellationToken ct, XReadAllowance? allowance = null)
    {
        allowance ??= XReadAllowance.Unlimited;
        var lookup = await client.GetUserAsync(handle, allowance, ct);
        if (lookup.User is not { } user)
        {
            var status = lookup.Outcome == XUserOutcome.Suspended ? AccountStatus.Suspended : AccountStatus.NotFound;
            return new PresenceObservation(status, observedAt, windowDays, null, null, null, null, null, null, null, []);
        }

        var bioTerms = terms.MatchesIn(user.Description);
        var followers = user.PublicMetrics?.FollowersCount;
        if (user.Protected)
        {
            return new PresenceObservation(AccountStatus.Protected, observedAt, windowDays, null, null, null, null, null, followers, user.CreatedAt, bioTerms);
        }

        var windowStart = observedAt.AddDays(-windowDays);
        var tally = new TimelineTally(windowStart, terms);
        // An account that never posted has no timeline worth a read.
        if (user.PublicMetrics?.Posts is not 0)
        {
            string? token = null;
            do
            {
                var page = await client.GetPostsAsync(user.Id, windowStart, token, allowance, ct);
                tally.Add(page.Data ?? []);
                token = page.Meta?.NextToken;
            }
            while (token is not null && !tally.ReachedWindowStart && tally.Seen < MaxPostsServedByX);
        }

        return new PresenceObservation(
            AccountStatus.Found, observedAt, windowDays, tally.OriginalPosts, tally.Replies, tally.Reposts,
            tally.RelevantOriginalPosts, tally.LastAuthoredPostAt, followers, user.CreatedAt, bioTerms);
    }
}
