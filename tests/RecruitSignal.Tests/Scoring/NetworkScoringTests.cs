using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Scoring;

/// <summary>default@2's rule across networks: the best network decides, and only not_found everywhere is absence.</summary>
public sealed class NetworkScoringTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ScoringPolicy Policy = ScoringPolicy.Default with { Version = "default@2", Networks = ["x", "bluesky", "mastodon"] };

    private static Evidence Found(int originals, int replies, int reposts) =>
        new(AccountStatus.Found, Now, 90, originals, replies, reposts, originals, Now.AddDays(-1), true);

    private static readonly Evidence NotFound = new(AccountStatus.NotFound, Now, 90, 0, 0, 0, 0, null, false);

    [Fact]
    public void TheBestNetworkGivesTheResultAndEveryNetworkIsScoredAlone()
    {
        var result = NetworkScoring.Score(
        [
            new NetworkInput("x", NetworkStatus.Found, Found(1, 0, 5)),
            new NetworkInput("bluesky", NetworkStatus.Found, Found(6, 6, 1)),
            new NetworkInput("mastodon", NetworkStatus.NotFound, NotFound),
        ], true, HandleOwnership.Ats, null, Policy);

        Assert.Equal(("bluesky", PresenceTier.Engaged, true), (result.BestNetwork, result.Overall.Tier, result.Overall.ActiveProfessionalPresence));
        Assert.Equal([PresenceTier.Relayer, PresenceTier.Engaged, PresenceTier.Absent], result.Networks.Select(n => n.Result.Tier));
        Assert.Equal(result.Networks[1].Result.Score, result.Overall.Score);
    }

    [Theory]
    [InlineData(NetworkStatus.Restricted, ReasonCodes.AccountRestricted)]
    [InlineData(NetworkStatus.Unavailable, ReasonCodes.NetworkUnavailable)]
    [InlineData(NetworkStatus.InvalidHandle, ReasonCodes.HandleInvalid)]
    [InlineData(NetworkStatus.Pending, ReasonCodes.LookupPending)]
    public void OnlyNotFoundOnEveryNamedNetworkIsAbsence(NetworkStatus other, string reason)
    {
        var absent = NetworkScoring.Score([new NetworkInput("x", NetworkStatus.NotFound, NotFound), new NetworkInput("mastodon", NetworkStatus.NotFound, NotFound)],
            true, HandleOwnership.Ats, null, Policy);
        var notAbsent = NetworkScoring.Score([new NetworkInput("x", NetworkStatus.NotFound, NotFound), new NetworkInput("mastodon", other, null)],
            true, HandleOwnership.Ats, null, Policy);

        Assert.Equal((PresenceTier.Absent, 0), (absent.Overall.Tier, absent.Overall.Score));
        Assert.Contains(ReasonCodes.NoNetworkFound, absent.Overall.ReasonCodes);
        Assert.Equal((PresenceTier.Unverified, (int?)null, Band.Unknown), (notAbsent.Overall.Tier, notAbsent.Overall.Score, notAbsent.Overall.Band));
        Assert.Contains(reason, notAbsent.Overall.ReasonCodes);
    }
}
