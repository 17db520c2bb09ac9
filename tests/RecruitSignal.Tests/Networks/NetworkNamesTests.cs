using RecruitSignal.Presence;
using PresenceNetworks = RecruitSignal.Presence.Networks;

namespace RecruitSignal.Tests.Networks;

/// <summary>The one helper every sentence that names several networks uses (policy, explanation, candidate page, email).</summary>
public sealed class NetworkNamesTests
{
    [Theory]
    [InlineData("x", "en", Conjunction.And, "X")]
    [InlineData("x,mastodon", "en", Conjunction.And, "X and Mastodon")]
    [InlineData("x,bluesky,mastodon", "en", Conjunction.And, "X, Bluesky and Mastodon")]
    [InlineData("x,bluesky,mastodon", "en", Conjunction.Or, "X, Bluesky or Mastodon")]
    [InlineData("x,bluesky,mastodon", "fr", Conjunction.And, "X, Bluesky et Mastodon")]
    [InlineData("bluesky,mastodon", "fr", Conjunction.Or, "Bluesky ou Mastodon")]
    [InlineData("x,bluesky", null, Conjunction.Or, "X or Bluesky")]
    public void NetworksAreJoinedAsASentenceInTheLanguage(string networks, string? language, Conjunction conjunction, string expected) =>
        Assert.Equal(expected, PresenceNetworks.Join(networks.Split(','), language, conjunction));

    [Fact]
    public void ASentenceMayWriteANetworkItsOwnWay() =>
        Assert.Equal("X (formerly Twitter) or Bluesky",
            PresenceNetworks.Join([PresenceNetworks.X, PresenceNetworks.Bluesky], "en", Conjunction.Or, n => n == PresenceNetworks.X ? "X (formerly Twitter)" : PresenceNetworks.DisplayName(n)));
}
