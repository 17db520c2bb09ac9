using RecruitSignal.Scoring;
using RecruitSignal.Presence;
using RecruitSignal.Presence.X;

namespace RecruitSignal.Tests.XApi;

public sealed class TimelineTallyTests
{
    private static readonly DateTimeOffset WindowStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new string[0], "Original")]
    [InlineData(new[] { "quoted" }, "Original")]
    [InlineData(new[] { "replied_to" }, "Reply")]
    [InlineData(new[] { "quoted", "replied_to" }, "Reply")]
    [InlineData(new[] { "retweeted" }, "Repost")]
    public void PostsAreClassifiedByWhatTheyReference(string[] types, string kind)
    {
        var post = new XPost("1", "text", WindowStart, types.Select(t => new XReferencedTweet(t, "2")).ToList());

        Assert.Equal(kind, TimelineTally.Classify(post).ToString());
    }

    [Fact]
    public void OnlyOriginalPostsInTheWindowCountAsRelevant()
    {
        var tally = new TimelineTally(WindowStart, RelevanceTerms.From(["rust"], null, null));

        tally.Add(
        [
            new XPost("1", "Rust in production", WindowStart.AddDays(3), null),
            new XPost("2", "Rust again", WindowStart.AddDays(2), [new XReferencedTweet("replied_to", "9")]),
            new XPost("3", "RT Rust news", WindowStart.AddDays(4), [new XReferencedTweet("retweeted", "9")]),
            new XPost("4", "Rust before the window", WindowStart.AddDays(-1), null),
        ]);

        Assert.Equal((1, 1, 1, 1), (tally.OriginalPosts, tally.Replies, tally.Reposts, tally.RelevantOriginalPosts));
        Assert.Equal(WindowStart.AddDays(3), tally.LastAuthoredPostAt);
        Assert.True(tally.ReachedWindowStart);
        Assert.Equal(4, tally.Seen);
    }
}
