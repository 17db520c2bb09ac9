using RecruitSignal.Presence.Bluesky;

namespace RecruitSignal.Presence;

/// <summary>Bluesky's author feed, read into the shared tally.</summary>
internal sealed partial class TimelineTally
{
    /// <summary>A repost counts when it was reposted; a reply when it answers a post; a quote or a plain post is original.</summary>
    internal void Add(IEnumerable<BlueskyFeedItem> items)
    {
        foreach (var item in items)
        {
            if (item.Reason?.IsRepost == true)
            {
                Count(PostKind.Repost, item.Reason.IndexedAt, null);
            }
            else if (item.Reason is null)
            {
                var record = item.Post.Record;
                Count(record?.Reply is null ? PostKind.Original : PostKind.Reply, record?.CreatedAt ?? item.Post.IndexedAt, record?.Text);
            }

            // Any other reason (a pinned post shown again) repeats a post counted where it stands in time.
        }
    }
}
