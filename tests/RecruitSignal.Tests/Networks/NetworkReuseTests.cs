using System.Net;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.XApi;

namespace RecruitSignal.Tests.Networks;

/// <summary>A fresh Bluesky or Mastodon observation is reused within the tenant, as X's is, rather than read again.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class NetworkReuseTests(ApiFixture api)
{
    [Fact]
    public async Task AFreshObservationOfEachNetworkIsReusedByTheNextScreeningAndNotReadAgain()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        h.Bluesky.Add("camille.bsky.test", h.Dns).Posts.Add(new BlueskyPost("Kubernetes notes", DateTimeOffset.UtcNow.AddDays(-1)));
        h.Calm.Add("camille").Posts.Add(new MastodonPost("Observability talk", DateTimeOffset.UtcNow.AddDays(-2)));
        var (_, http) = await h.X.NewTenantAsync();
        var (_, otherTenant) = await h.X.NewTenantAsync();
        var body = NetworkScreeningHarness.Screening("ats-1", "default@2", bluesky: "camille.bsky.test", mastodon: "@camille@calm.test");

        var first = await (await http.PostJsonAsync("/v1/screenings", body)).ReadAssessmentAsync();
        Assert.Equal(2, await h.X.ProcessAsync());
        var read = await http.GetAssessmentAsync(first.Id);
        var (feeds, statuses) = (h.Bluesky.FeedReads.Count, h.Calm.Requests.Count);
        var again = await http.PostJsonAsync("/v1/screenings", body);
        var reused = await again.ReadAssessmentAsync();
        var elsewhere = await (await otherTenant.PostJsonAsync("/v1/screenings", body)).ReadAssessmentAsync();

        Assert.Equal(HttpStatusCode.Created, again.StatusCode); // completed at once: nothing to look up
        Assert.Equal([NetworkStatus.Found, NetworkStatus.Found], reused.Networks!.Select(n => n.Status));
        Assert.Equal(read.Networks!.Select(n => n.Evidence!.Id), reused.Networks!.Select(n => n.Evidence!.Id));
        Assert.Equal((read.PresenceTier, read.Score), (reused.PresenceTier, reused.Score));
        Assert.Equal((feeds, statuses), (h.Bluesky.FeedReads.Count, h.Calm.Requests.Count));
        Assert.Equal([NetworkStatus.Pending, NetworkStatus.Pending], elsewhere.Networks!.Select(n => n.Status)); // never across tenants
    }
}
