using System.Text.Json.Serialization;

namespace RecruitSignal.Presence.Bluesky;

// The app.bsky lexicon shapes this service reads (app.bsky.actor.getProfile, app.bsky.feed.getAuthorFeed) and a DID
// document's alsoKnownAs. Unknown members are ignored: lexicons grow.

internal sealed record BlueskyError(string? Error, string? Message);

internal sealed record BlueskyLabel(string? Val);

internal sealed record BlueskyProfile(
    string Did, string? Handle, string? Description, int? FollowersCount, int? PostsCount, DateTimeOffset? CreatedAt, IReadOnlyList<BlueskyLabel>? Labels)
{
    /// <summary>The account asked that nothing of it be shown to anyone not signed in.</summary>
    public bool NoUnauthenticated => Labels?.Any(l => l.Val == "!no-unauthenticated") == true;
}

internal sealed record BlueskyFeed(IReadOnlyList<BlueskyFeedItem>? Feed, string? Cursor);

internal sealed record BlueskyFeedItem(BlueskyPostView Post, BlueskyReason? Reason);

internal sealed record BlueskyPostView(BlueskyAuthor? Author, BlueskyRecord? Record, DateTimeOffset? IndexedAt);

internal sealed record BlueskyAuthor(string? Did);

internal sealed record BlueskyRecord(string? Text, DateTimeOffset? CreatedAt, BlueskyReplyRef? Reply);

internal sealed record BlueskyReplyRef(BlueskyStrongRef? Parent);

internal sealed record BlueskyStrongRef(string? Uri);

internal sealed record BlueskyReason([property: JsonPropertyName("$type")] string? Type, DateTimeOffset? IndexedAt)
{
    public bool IsRepost => Type == "app.bsky.feed.defs#reasonRepost";
}

internal sealed record DidDocument(string? Id, IReadOnlyList<string>? AlsoKnownAs);
