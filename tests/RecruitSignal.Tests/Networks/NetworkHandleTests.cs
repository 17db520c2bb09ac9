using RecruitSignal.Presence.Bluesky;
using RecruitSignal.Presence.Mastodon;

namespace RecruitSignal.Tests.Networks;

public sealed class NetworkHandleTests
{
    [Theory]
    [InlineData("camille.bsky.social", "camille.bsky.social")]
    [InlineData("@Camille.Example.org", "camille.example.org")]
    [InlineData("https://bsky.app/profile/camille.bsky.social", "camille.bsky.social")]
    [InlineData("bsky.app/profile/did:plc:abcdefghijklmnopqrstuvwx", "did:plc:abcdefghijklmnopqrstuvwx")]
    [InlineData("did:plc:abcdefghijklmnopqrstuvwx", "did:plc:abcdefghijklmnopqrstuvwx")]
    [InlineData("did:web:camille.example.org", "did:web:camille.example.org")]
    public void BlueskyHandlesAreReadInEveryFormPeopleWrite(string input, string expected)
    {
        Assert.True(BlueskyHandle.TryParse(input, out var handle, out var error), error);
        Assert.Equal(expected, handle.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("camille")]
    [InlineData("camille.example")]
    [InlineData("camille.local")]
    [InlineData("-camille.bsky.social")]
    [InlineData("https://bsky.app/profile/camille.bsky.social%0A")]
    [InlineData("camille.123")]
    [InlineData("did:plc:short")]
    [InlineData("did:key:z6Mkabc")]
    [InlineData("https://bsky.app/search?q=camille")]
    [InlineData("https://bsky.app/profile/camille.bsky.social/post/3k")]
    [InlineData("https://evil.example.org/profile/camille.bsky.social")]
    public void MalformedBlueskyHandlesAreRefusedWithAReason(string input)
    {
        Assert.False(BlueskyHandle.TryParse(input, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("@camille@mastodon.social", "camille", "mastodon.social")]
    [InlineData("camille@Mastodon.Social", "camille", "mastodon.social")]
    [InlineData("https://fosstodon.org/@c.dupont", "c.dupont", "fosstodon.org")]
    public void MastodonHandlesAreReadAsUserAtServer(string input, string username, string server)
    {
        Assert.True(MastodonHandle.TryParse(input, out var handle, out var error), error);
        Assert.Equal((username, server, $"{username}@{server}"), (handle.Username, handle.Server, handle.Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("@camille")]
    [InlineData("@camille@")]
    [InlineData("@@mastodon.social")]
    [InlineData("@cam ille@mastodon.social")]
    [InlineData("@camille@mastodon.social@again")]
    [InlineData("@camille@server.localhost")]
    [InlineData("https://mastodon.social/users/camille")]
    [InlineData("https://mastodon.social:8443/@camille")]
    [InlineData("https://mastodon.social/@camille?x=1")]
    public void MalformedMastodonHandlesAreRefusedWithAReason(string input)
    {
        Assert.False(MastodonHandle.TryParse(input, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("https://bsky.app/profile/camille.bsky.social", true, false)]
    [InlineData("did:plc:abcdefghijklmnopqrstuvwx", true, false)]
    [InlineData("@camille@mastodon.social", false, true)]
    [InlineData("https://github.com/camille", false, false)]
    [InlineData("@camille", false, false)]
    public void LinksArePointedAtTheirNetwork(string link, bool bluesky, bool mastodon)
    {
        Assert.Equal((bluesky, mastodon), (BlueskyHandle.PointsToBluesky(link), MastodonHandle.PointsToMastodon(link)));
    }
}
