using RecruitSignal.Presence.X;

namespace RecruitSignal.Presence;

/// <summary>X's posts, read into the shared tally.</summary>
internal sealed partial class TimelineTally
{
    public void Add(IEnumerable<XPost> posts)
    {
        foreach (var post in posts)
        {
            Count(Classify(post), post.CreatedAt, post.Text);
        }
    }

    /// <summary>A repost if it retweets, else a reply if it replies; a quote or a plain post is original.</summary>
    internal static PostKind Classify(XPost post)
    {
        var types = post.ReferencedTweets?.Select(r => r.Type).ToList() ?? [];
        return types.Contains("retweeted") ? PostKind.Repost
            : types.Contains("replied_to") ? PostKind.Reply
            : PostKind.Original;
    }
}
