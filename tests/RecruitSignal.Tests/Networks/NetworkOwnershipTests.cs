using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Assessments;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.Integration.Trust;
using RecruitSignal.Tests.XApi;

namespace RecruitSignal.Tests.Networks;

/// <summary><c>requireVerifiedOwnership</c> under a policy that reads several networks, for handles an ATS sends.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class NetworkOwnershipTests(ApiFixture api)
{
    [Fact]
    public async Task UnderAPolicyRequiringProofAnAtssBlueskyAndMastodonHandlesAreNotReadAndNeverFetched()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        h.Bluesky.Add("camille.bsky.test", h.Dns);
        h.Calm.Add("camille");
        var (tenantId, http) = await h.X.NewTenantAsync();
        var created = await http.PostAsJsonAsync("/v1/policies", TrustRequests.Policy("proof")
            .With("requireVerifiedOwnership", true).With("networks", new JsonArray("x", "bluesky", "mastodon")));
        created.EnsureSuccessStatusCode();

        var screened = await (await http.PostJsonAsync("/v1/screenings",
            NetworkScreeningHarness.Screening("ats-1", "proof@1", bluesky: "camille.bsky.test", mastodon: "@camille@calm.test"))).ReadAssessmentAsync();
        var processed = await h.X.ProcessAsync();

        Assert.Equal((AssessmentStatus.Completed, PresenceTier.Unverified, 0), (screened.Status, screened.PresenceTier, processed));
        Assert.Equal(
            [("bluesky", HandleOwnership.Ats, NetworkStatus.NotRead, ReasonCodes.HandleNotVerified), ("mastodon", HandleOwnership.Ats, NetworkStatus.NotRead, ReasonCodes.HandleNotVerified)],
            screened.Networks!.Select(n => (n.Network, n.Ownership, n.Status, Assert.Single(n.ReasonCodes))));
        Assert.Equal([ReasonCodes.HandleNotVerified], screened.ReasonCodes);
        Assert.Equal(0, await h.X.ScalarAsync<long>("select count(*) from presence_lookup_jobs where tenant_id = @tenantId", new { tenantId }));
        Assert.Empty(h.Bluesky.FeedReads);
        Assert.Equal(0, h.Calm.ApiRequests);
    }
}
