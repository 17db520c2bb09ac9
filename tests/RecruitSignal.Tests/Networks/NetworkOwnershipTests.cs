using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Assessments;
using RecruitSignal.Explanations;
using RecruitSignal.Policies;
using RecruitSignal.Reports;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.Integration.Trust;
using RecruitSignal.Tests.XApi;

namespace RecruitSignal.Tests.Networks;

/// <summary>
/// <c>requireVerifiedOwnership</c> under a policy that reads several networks, for handles an ATS sends, and what HANDLE_NOT_VERIFIED
/// then says to the candidate, the recruiter and the deployer: the networks concerned, since proof is signing in on each one.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class NetworkOwnershipTests(ApiFixture api)
{
    [Fact]
    public async Task UnderAPolicyRequiringProofAnAtssBlueskyAndMastodonHandlesAreNotReadAndNeverFetched()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        h.Bluesky.Add("camille.bsky.test", h.Dns);
        h.Calm.Add("camille");
        var (tenantId, http) = await TenantUnderProofAsync(h, "x", "bluesky", "mastodon");

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

    [Fact]
    public async Task UnprovenBlueskyAndMastodonHandlesAreNamedInTheExplanationTheReportAndThePolicysWordsInEnglishAndFrench()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        var (_, http) = await TenantUnderProofAsync(h, "x", "bluesky", "mastodon");

        var both = await (await http.PostJsonAsync("/v1/screenings",
            NetworkScreeningHarness.Screening("ats-1", "proof@1", bluesky: "camille.bsky.test", mastodon: "@camille@calm.test"))).ReadAssessmentAsync();
        var mastodon = await (await http.PostJsonAsync("/v1/screenings",
            NetworkScreeningHarness.Screening("ats-2", "proof@1", mastodon: "@camille@calm.test"))).ReadAssessmentAsync();
        var english = await (await http.GetAsync("/v1/policies/proof@1/documentation?language=en")).ReadAsync<PolicyDocumentation>();
        var french = await (await http.GetAsync("/v1/policies/proof@1/documentation?language=fr")).ReadAsync<PolicyDocumentation>();

        Assert.All(new[] { both, mastodon }, a => Assert.Equal([ReasonCodes.HandleNotVerified], a.ReasonCodes));
        Assert.Equal(
            [
                "The company only counts an account you proved is yours by signing in on its network, so your accounts on Bluesky and Mastodon were not looked at.",
                "L'entreprise ne retient qu'un compte dont vous avez prouvé qu'il est le vôtre en vous connectant sur son réseau : vos comptes Bluesky et Mastodon n'ont donc pas été consultés.",
                "The company only counts an account on Mastodon that you proved is yours by signing in with Mastodon, so this one was not looked at.",
                "L'entreprise ne retient qu'un compte Mastodon dont vous avez prouvé qu'il est le vôtre en vous connectant avec Mastodon : celui-ci n'a donc pas été consulté.",
            ],
            [await SummaryAsync(http, both.Id, "en"), await SummaryAsync(http, both.Id, "fr"), await SummaryAsync(http, mastodon.Id, "en"), await SummaryAsync(http, mastodon.Id, "fr")]);
        Assert.Equal(
            [
                "The scoring policy only counts an account the candidate proved theirs by signing in on its network; the accounts on Bluesky and Mastodon were not, so they were not read.",
                "La politique de notation ne retient qu'un compte prouvé en se connectant avec Mastodon ; celui-ci ne l'a pas été, il n'a donc pas été lu.",
            ],
            [ReportTexts.English.Summary(both), ReportTexts.French.Summary(mastodon)]);
        Assert.EndsWith(
            " A handle the candidate did not prove theirs by signing in on its own network (X, Bluesky or Mastodon) is also unverified, and that network is not read.",
            english.Sections[0].Rules[1], StringComparison.Ordinal);
        Assert.EndsWith(
            " Un compte dont le candidat n'a pas prouvé qu'il est le sien en se connectant sur son propre réseau (X, Bluesky ou Mastodon) est aussi non vérifié, et ce réseau n'est pas lu.",
            french.Sections[0].Rules[1], StringComparison.Ordinal);
        Assert.Contains("signing in on its own network (X, Bluesky or Mastodon)", ReasonCodes.Descriptions[ReasonCodes.HandleNotVerified], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnXOnlyPolicyRequiringProofStillSaysSigningInWithX()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        var (_, http) = await TenantUnderProofAsync(h);

        var x = await (await http.PostJsonAsync("/v1/screenings", NetworkScreeningHarness.Screening("ats-1", "proof@1", twitter: "camille_m"))).ReadAssessmentAsync();
        var documentation = await (await http.GetAsync("/v1/policies/proof@1/documentation?language=en")).ReadAsync<PolicyDocumentation>();

        Assert.Equal([ReasonCodes.HandleNotVerified], x.ReasonCodes);
        Assert.Equal(
            "The company only counts an account on X that you proved is yours by signing in with X, so this one was not looked at.",
            await SummaryAsync(http, x.Id, "en"));
        Assert.Equal(
            "The scoring policy only counts an account the candidate proved theirs by signing in with X; this one was not, so it was not read.",
            ReportTexts.English.Summary(x));
        Assert.EndsWith(" A handle the candidate did not prove theirs by signing in with X is also unverified.", documentation.Sections[0].Rules[1], StringComparison.Ordinal);
    }

    /// <summary>A new tenant with the policy proof@1 requiring proof of ownership, reading <paramref name="networks"/> (X alone when none).</summary>
    private static async Task<(Guid TenantId, HttpClient Http)> TenantUnderProofAsync(NetworkScreeningHarness h, params string[] networks)
    {
        var (tenantId, http) = await h.X.NewTenantAsync();
        var policy = TrustRequests.Policy("proof").With("requireVerifiedOwnership", true);
        var created = await http.PostAsJsonAsync("/v1/policies", networks.Length == 0 ? policy : policy.With("networks", new JsonArray([.. networks.Select(n => (JsonNode)n)])));
        created.EnsureSuccessStatusCode();
        return (tenantId, http);
    }

    /// <summary>The explanation's summary in <paramref name="language"/>, as the candidate reads it.</summary>
    private static async Task<string> SummaryAsync(HttpClient http, Guid assessmentId, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/assessments/{assessmentId}/explanation");
        request.Headers.AcceptLanguage.ParseAdd(language);
        return (await (await http.SendAsync(request)).ReadAsync<ExplanationResponse>()).Summary;
    }
}
