using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RecruitSignal.Presence;
using RecruitSignal.Presence.Mastodon;
using RecruitSignal.Presence.X;
using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Networks;

/// <summary>The Mastodon provider, as the service registers it, against fake servers mapped with Outbound__Resolve.</summary>
public sealed class MastodonProviderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly RelevanceTerms NoTerms = RelevanceTerms.From([], null, null);
    private FakeMastodon _calm = null!;
    private FakeMastodon _busy = null!;
    private FakeMastodon _closed = null!;
    private IHost _host = null!;

    private IPresenceProvider Provider => _host.Services.GetRequiredKeyedService<IPresenceProvider>(MastodonPresenceProvider.Name);

    public async Task InitializeAsync()
    {
        _calm = await FakeMastodon.StartAsync("calm.test");
        _busy = await FakeMastodon.StartAsync("busy.test");
        _closed = await FakeMastodon.StartAsync("closed.test");
        _closed.RequireAuthentication = true;
        _host = Build("Development", [_calm, _busy, _closed]);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        foreach (var fake in new[] { _calm, _busy, _closed })
        {
            await fake.DisposeAsync();
        }
    }

    [Fact]
    public async Task WindowCountsMatchTheStatusesExactlyWithReblogsAndRepliesApart()
    {
        var account = _calm.Add("camille");
        var kinds = new[] { MastodonPostKind.Original, MastodonPostKind.Reply, MastodonPostKind.SelfReply, MastodonPostKind.Reblog };
        for (var i = 0; i < 90; i++)
        {
            account.Posts.Add(new MastodonPost(i % 3 == 0 ? "Rust & <b>Kubernetes</b>" : "coffee", Now.AddHours(-20 * (i + 1)), kinds[i % kinds.Length]));
        }

        var inWindow = account.Posts.Where(p => p.CreatedAt >= Now.AddDays(-90)).ToList();
        var originals = inWindow.Where(p => p.Kind is MastodonPostKind.Original or MastodonPostKind.SelfReply).ToList();

        var observation = await Provider.ObserveAsync(Guid.NewGuid(), "@camille@calm.test", Now, RelevanceTerms.From(["rust"], null, null), CancellationToken.None);

        Assert.Equal(AccountStatus.Found, observation.Status);
        Assert.Equal((originals.Count, inWindow.Count(p => p.Kind == MastodonPostKind.Reply), inWindow.Count(p => p.Kind == MastodonPostKind.Reblog)),
            (observation.OriginalPosts!.Value, observation.Replies!.Value, observation.Reposts!.Value));
        Assert.Equal(originals.Count(p => p.Text.StartsWith("Rust", StringComparison.Ordinal)), observation.RelevantOriginalPosts);
        Assert.Equal(inWindow.Where(p => p.Kind != MastodonPostKind.Reblog).Max(p => p.CreatedAt).ToUnixTimeMilliseconds(), observation.LastAuthoredPostAt!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A429WaitsForTheServersIsoResetAndDoesNotSlowAnotherServer()
    {
        _busy.Add("camille");
        _busy.RequestsPerWindow = 0;
        _calm.Add("dominique").Posts.Add(new MastodonPost("hello", Now.AddDays(-1)));

        var limited = await Assert.ThrowsAsync<LookupException>(() => Provider.ObserveAsync(Guid.NewGuid(), "@camille@busy.test", Now, NoTerms, CancellationToken.None));
        var sentToBusy = _busy.ApiRequests;
        var again = await Assert.ThrowsAsync<LookupException>(() => Provider.ObserveAsync(Guid.NewGuid(), "@camille@busy.test", Now, NoTerms, CancellationToken.None));
        var other = await Provider.ObserveAsync(Guid.NewGuid(), "@dominique@calm.test", Now, NoTerms, CancellationToken.None);

        Assert.Equal(LookupFailureKind.RateLimited, limited.Kind);
        Assert.Equal(_busy.LastReset, limited.RetryAt);
        Assert.Equal((LookupFailureKind.RateLimited, sentToBusy), (again.Kind, _busy.ApiRequests)); // nothing sent before the reset
        Assert.Equal((AccountStatus.Found, 1), (other.Status, other.OriginalPosts));
    }

    [Fact]
    public async Task AServerThatRefusesUnauthenticatedReadsOrIsDownIsUnavailableNeverAbsent()
    {
        _closed.Add("camille");
        _calm.Add("dominique");
        _calm.Down = true;

        var closed = await Assert.ThrowsAsync<LookupException>(() => Provider.ObserveAsync(Guid.NewGuid(), "@camille@closed.test", Now, NoTerms, CancellationToken.None));
        var down = await Assert.ThrowsAsync<LookupException>(() => Provider.ObserveAsync(Guid.NewGuid(), "@dominique@calm.test", Now, NoTerms, CancellationToken.None));

        Assert.Equal((LookupFailureKind.Transient, LookupFailureKind.Transient), (closed.Kind, down.Kind));
    }

    [Fact]
    public async Task AnAccountWebFingerDoesNotKnowIsNotFoundAndANoindexAccountIsRestrictedAndUnread()
    {
        var shy = _calm.Add("shy");
        shy.Noindex = true;
        shy.Posts.Add(new MastodonPost("hello", Now.AddDays(-1)));
        _calm.Add("open").Indexable = false; // not opting in to search refuses nothing

        var unknown = await Provider.ObserveAsync(Guid.NewGuid(), "https://calm.test/@nobody", Now, NoTerms, CancellationToken.None);
        var restricted = await Provider.ObserveAsync(Guid.NewGuid(), "@shy@calm.test", Now, NoTerms, CancellationToken.None);
        var open = await Provider.ObserveAsync(Guid.NewGuid(), "@open@calm.test", Now, NoTerms, CancellationToken.None);

        Assert.Equal((AccountStatus.NotFound, AccountStatus.Protected, AccountStatus.Found), (unknown.Status, restricted.Status, open.Status));
        Assert.DoesNotContain(_calm.Requests, r => r.Contains("/statuses", StringComparison.Ordinal) && r.Contains(shy.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void OutboundMappingsAreRefusedInProductionInOneLine()
    {
        using var host = Build("Production", [_calm]);

        var failure = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<OutboundOptions>>().Value);

        Assert.Contains("Outbound__Resolve__calm.test is for development only", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
    }

    private static IHost Build(string environment, FakeMastodon[] servers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        var settings = servers.ToDictionary(s => $"Outbound:Resolve:{s.Domain}", s => (string?)$"127.0.0.1:{s.Port}");
        settings["Outbound:AllowHttp"] = "true";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOptions<XApiOptions>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddMastodon();
        return builder.Build();
    }
}
