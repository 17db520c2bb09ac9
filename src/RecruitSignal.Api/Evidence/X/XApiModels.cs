using System.Text.Json;

namespace RecruitSignal.Presence.X;

// The X API v2 shapes this service reads (https://docs.x.com/x-api). Unknown members are ignored:
// X adds fields over time and must not break lookups.

internal sealed record XUserResponse(XUser? Data, IReadOnlyList<XError>? Errors);

internal sealed record XUser(
    string Id,
    string? Username,
    DateTimeOffset? CreatedAt,
    string? Description,
    bool Protected,
    XPublicMetrics? PublicMetrics);

/// <summary>X renamed <c>tweet_count</c> to <c>post_count</c> in places; either may come.</summary>
internal sealed record XPublicMetrics(int? FollowersCount, int? TweetCount, int? PostCount)
{
    public int? Posts => PostCount ?? TweetCount;
}

internal sealed record XTimelineResponse(IReadOnlyList<XPost>? Data, XMeta? Meta, IReadOnlyList<XError>? Errors);

/// <summary>A post as read from the timeline. Its text lives only in memory, for term matching.</summary>
internal sealed record XPost(string Id, string? Text, DateTimeOffset? CreatedAt, IReadOnlyList<XReferencedTweet>? ReferencedTweets);

internal sealed record XReferencedTweet(string Type, string? Id);

internal sealed record XMeta(int? ResultCount, string? NextToken);

internal sealed record XError(string? Type, string? Title, string? Detail)
{
    public bool SaysSuspended => Detail?.Contains("suspended", StringComparison.OrdinalIgnoreCase) == true;

    public bool IsResourceNotFound => Type?.EndsWith("/resource-not-found", StringComparison.Ordinal) == true;
}

internal static class XJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
