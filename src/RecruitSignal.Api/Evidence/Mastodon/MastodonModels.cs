namespace RecruitSignal.Presence.Mastodon;

// The Mastodon REST shapes this service reads (Account, Status) and a WebFinger answer. Unknown members are ignored.

internal sealed record MastodonAccountView(
    string Id, string? Username, string? Note, int? FollowersCount, int? StatusesCount, DateTimeOffset? CreatedAt,
    bool? Suspended, bool? Noindex);

internal sealed record MastodonStatus(string Id, DateTimeOffset? CreatedAt, string? InReplyToId, string? InReplyToAccountId, MastodonStatus? Reblog, string? Content);

internal sealed record WebFingerAnswer(string? Subject);
