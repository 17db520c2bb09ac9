using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using RecruitSignal.Presence.X;
using RecruitSignal.Scoring;

namespace RecruitSignal.Presence.Mastodon;

/// <summary>
/// Mastodon on the provider seam: WebFinger on the handle's server, the account lookup, then its statuses over the
/// window. An account that asks not to be indexed (noindex) is restricted and not read; `indexable` is only the
/// opt-in to full-text search, false by default, and refuses nothing.
/// </summary>
public sealed class MastodonPresenceProvider(MastodonClient client, IOptions<XApiOptions> window) : IPresenceProvider
{
    public const string Name = "mastodon";

    /// <summary>Pages read at most (40 statuses each).</summary>
    public const int MaxPages = 40;

    public string Network => Name;

    public bool IsConfigured => true; // public reads need no credentials

    public bool TryParseHandle(string? input, [NotNullWhen(true)] out string? handle, [NotNullWhen(false)] out string? problem)
    {
        if (MastodonHandle.TryParse(input, out var parsed, out problem))
        {
            handle = parsed.Value;
            return true;
        }

        handle = null;
        return false;
    }

    public Task ResumeWaitingAsync(CancellationToken ct) => Task.CompletedTask; // rate-limited jobs wait for their server's reset

    /// <exception cref="LookupException">The server is unavailable, rate-limited, or answered what it should not.</exception>
    public async Task<PresenceObservation> ObserveAsync(Guid tenantId, string handle, DateTimeOffset observedAt, RelevanceTerms terms, CancellationToken ct)
    {
        var windowDays = window.Value.WindowDays;
        if (!MastodonHandle.TryParse(handle, out var parsed, out var problem))
        {
            throw LookupException.InvalidHandle(problem);
        }

        var account = await client.WebFingerAsync(parsed, ct) ? await client.LookupAsync(parsed, ct) : null;
        if (account is null || account.Suspended == true)
        {
            var status = account is null ? AccountStatus.NotFound : AccountStatus.Suspended;
            return new PresenceObservation(status, observedAt, windowDays, null, null, null, null, null, null, null, []);
        }

        var bioTerms = terms.MatchesIn(account.Note);
        if (account.Noindex == true)
        {
            return new PresenceObservation(AccountStatus.Protected, observedAt, windowDays, null, null, null, null, null, account.FollowersCount, account.CreatedAt, bioTerms);
        }

        var tally = new TimelineTally(observedAt.AddDays(-windowDays), terms);
        if (account.StatusesCount is not 0)
        {
            string? maxId = null;
            var pages = 0;
            do
            {
                var page = await client.StatusesAsync(parsed.Server, account.Id, maxId, ct);
                tally.Add(page, account.Id);
                maxId = page.Count > 0 ? page[^1].Id : null;
            }
            while (maxId is not null && !tally.ReachedWindowStart && ++pages < MaxPages);
        }

        return new PresenceObservation(
            AccountStatus.Found, observedAt, windowDays, tally.OriginalPosts, tally.Replies, tally.Reposts,
            tally.RelevantOriginalPosts, tally.LastAuthoredPostAt, account.FollowersCount, account.CreatedAt, bioTerms);
    }
}
