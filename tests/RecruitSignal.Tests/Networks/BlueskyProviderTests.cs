using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecruitSignal.Presence;
using RecruitSignal.Presence.Bluesky;
using RecruitSignal.Presence.X;
using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Networks;

/// <summary>The Bluesky provider, as the service registers it, against the fake AppView, PLC directory and DNS.</summary>
public sealed class BlueskyProviderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private FakeDns _dns = null!;
    private FakeBluesky _bluesky = null!;
    private IHost _host = null!;

    private IPresenceProvider Provider => _host.Services.GetRequiredKeyedService<IPresenceProvider>(BlueskyPresenceProvider.Name);

    public async Task InitializeAsync()
    {
        _dns = FakeDns.Start();
        _bluesky = await FakeBluesky.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bluesky:AppViewUrl"] = _bluesky.AppViewUrl,
            ["Bluesky:PlcDirectoryUrl"] = _bluesky.PlcDirectoryUrl,
            ["Bluesky:DnsServer"] = _dns.Address,
        });
        builder.Services.AddOptions<XApiOptions>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddBluesky();
        _host = builder.Build();
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _bluesky.DisposeAsync();
        await _dns.DisposeAsync();
    }

    [Fact]
    public async Task WindowCountsMatchTheFeedExactlyWithRepostsAndRepliesApart()
    {
        var account = _bluesky.Add("camille.bsky.test", _dns);
        var kinds = new[] { BlueskyPostKind.Original, BlueskyPostKind.Reply, BlueskyPostKind.Repost, BlueskyPostKind.Quote, BlueskyPostKind.Original };
        for (var i = 0; i < 130; i++)
        {
            account.Posts.Add(new BlueskyPost(i % 10 == 0 ? "Shipping Rust at work" : "coffee", Now.AddHours(-12 * (i + 1)), kinds[i % kinds.Length]));
        }

        account.Posts.Add(new BlueskyPost("Rust, long ago", Now.AddDays(-200)));
        var inWindow = account.Posts.Where(p => p.CreatedAt >= Now.AddDays(-90)).ToList();

        var observation = await Provider.ObserveAsync(Guid.NewGuid(), "camille.bsky.test", Now, RelevanceTerms.From(["rust"], null, null), CancellationToken.None);

        Assert.Equal(AccountStatus.Found, observation.Status);
        Assert.Equal(inWindow.Count(p => p.Kind is BlueskyPostKind.Original or BlueskyPostKind.Quote), observation.OriginalPosts);
        Assert.Equal(inWindow.Count(p => p.Kind == BlueskyPostKind.Reply), observation.Replies);
        Assert.Equal(inWindow.Count(p => p.Kind == BlueskyPostKind.Repost), observation.Reposts);
        Assert.Equal(inWindow.Count(p => p.Kind is BlueskyPostKind.Original or BlueskyPostKind.Quote && p.Text.Contains("Rust")), observation.RelevantOriginalPosts);
        Assert.Equal(inWindow.Where(p => p.Kind != BlueskyPostKind.Repost).Max(p => p.CreatedAt), observation.LastAuthoredPostAt);
        Assert.Equal(2, _bluesky.FeedReads.Count); // 131 posts: two pages of 100, the second reaching past the window
    }

    [Fact]
    public async Task AHandleWhoseDidDoesNotClaimItBackIsInvalidNotAbsent()
    {
        var account = _bluesky.Add("impostor.bsky.test", _dns);
        account.DocumentHandle = "someone-else.bsky.test";

        var failure = await Assert.ThrowsAsync<LookupException>(() => Provider.ObserveAsync(Guid.NewGuid(), "impostor.bsky.test", Now, RelevanceTerms.From([], null, null), CancellationToken.None));

        Assert.Equal(LookupFailureKind.InvalidHandle, failure.Kind);
        Assert.DoesNotContain(_bluesky.Requests, r => r.Contains("/xrpc/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AHandleWithoutAnAtprotoRecordIsInvalidNotAbsent()
    {
        var failure = await Assert.ThrowsAsync<LookupException>(() => Provider.ObserveAsync(Guid.NewGuid(), "nobody.bsky.test", Now, RelevanceTerms.From([], null, null), CancellationToken.None));

        Assert.Equal(LookupFailureKind.InvalidHandle, failure.Kind);
        Assert.Contains("_atproto.nobody.bsky.test", _dns.Questions);
    }

    [Fact]
    public async Task AnAccountLabelledNoUnauthenticatedIsRestrictedAndItsFeedIsNeverRead()
    {
        var account = _bluesky.Add("shy.bsky.test", _dns);
        account.Labels.Add("!no-unauthenticated");
        account.Posts.Add(new BlueskyPost("hello", Now.AddDays(-1)));

        var observation = await Provider.ObserveAsync(Guid.NewGuid(), "shy.bsky.test", Now, RelevanceTerms.From([], null, null), CancellationToken.None);

        Assert.Equal(AccountStatus.Protected, observation.Status);
        Assert.Null(observation.OriginalPosts);
        Assert.Empty(_bluesky.FeedReads);
    }

    [Fact]
    public async Task ATakenDownAccountIsSuspendedAndADidIsVerifiedThroughItsHandle()
    {
        var gone = _bluesky.Add("gone.bsky.test", _dns);
        gone.Kind = BlueskyKind.Takendown;
        var byDid = _bluesky.Add("camille.bsky.test", _dns);
        byDid.Posts.Add(new BlueskyPost("hello", Now.AddDays(-1)));
        var terms = RelevanceTerms.From([], null, null);

        var suspended = await Provider.ObserveAsync(Guid.NewGuid(), "gone.bsky.test", Now, terms, CancellationToken.None);
        var found = await Provider.ObserveAsync(Guid.NewGuid(), $"https://bsky.app/profile/{byDid.Did}", Now, terms, CancellationToken.None);

        Assert.Equal((AccountStatus.Suspended, AccountStatus.Found, 1), (suspended.Status, found.Status, found.OriginalPosts));
    }
}
