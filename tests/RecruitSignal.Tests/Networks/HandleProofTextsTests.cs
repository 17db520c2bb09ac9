using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Explanations;
using RecruitSignal.Policies;
using RecruitSignal.Reports;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.Integration.Trust;
using RecruitSignal.Tests.XApi;

namespace RecruitSignal.Tests.Networks;

/// <summary>
/// What HANDLE_NOT_VERIFIED says to the candidate, the recruiter and the deployer names the networks concerned: the proof
/// of a Bluesky or Mastodon handle is signing in there, not with X.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class HandleProofTextsTests(ApiFixture api)
{
    [Fact]
    public async Task UnprovenBlueskyAndMastodonHandlesAreNamedInTheExplanationTheReportAndThePolicysWordsInEnglishAndFrench()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        var (_, http) = await h.X.NewTenantAsync();
        (await http.PostAsJsonAsync("/v1/policies", TrustRequests.Policy("proof")
            .With("requireVerifiedOwnership", true).With("networks", new JsonArray("x", "bluesky", "mastodon")))).EnsureSuccessStatusCode();

        var both = await (await http.PostJsonAsync("/v1/screenings",
            NetworkScreeningHarness.Screening("ats-1", "proof@1", bluesky: "camille.bsky.test", mastodon: "@camille@calm.test"))).ReadAssessmentAsync();
        var mastodon = await (await http.PostJsonAsync("/v1/screenings",
            NetworkScreeningHarness.Screening("ats-2", "proof@1", mastodon: "@camille@calm.test"))).ReadAssessmentAsync();

        Assert.Equal([ReasonCodes.HandleNotVerified], both.ReasonCodes);
        Assert.Equal([ReasonCodes.HandleNotVerified], mastodon.ReasonCodes);
        Assert.Equal(
            "The company only counts an account you proved is yours by signing in on its network, so your accounts on Bluesky and Mastodon were not looked at.",
            (await ExplainAsync(http, both.Id, "en")).Summary);
        Assert.Equal(
            "L'entreprise ne retient qu'un compte dont vous avez prouvé qu'il est le vôtre en vous connectant sur son réseau : vos comptes Bluesky et Mastodon n'ont donc pas été consultés.",
            (await ExplainAsync(http, both.Id, "fr")).Summary);
        Assert.Equal(
            "The company only counts an account on Mastodon that you proved is yours by signing in with Mastodon, so this one was not looked at.",
            (await ExplainAsync(http, mastodon.Id, "en")).Summary);
        Assert.Equal(
            "L'entreprise ne retient qu'un compte Mastodon dont vous avez prouvé qu'il est le vôtre en vous connectant avec Mastodon : celui-ci n'a donc pas été consulté.",
            (await ExplainAsync(http, mastodon.Id, "fr")).Summary);

        Assert.Equal(
            "The scoring policy only counts an account the candidate proved theirs by signing in on its network; the accounts on Bluesky and Mastodon were not, so they were not read.",
            ReportTexts.English.Summary(both));
        Assert.Equal(
            "La politique de notation ne retient qu'un compte prouvé en se connectant avec Mastodon ; celui-ci ne l'a pas été, il n'a donc pas été lu.",
            ReportTexts.French.Summary(mastodon));

        var english = await (await http.GetAsync("/v1/policies/proof@1/documentation?language=en")).ReadAsync<PolicyDocumentation>();
        var french = await (await http.GetAsync("/v1/policies/proof@1/documentation?language=fr")).ReadAsync<PolicyDocumentation>();
        Assert.Contains(
            " A handle the candidate did not prove theirs by signing in on its own network (X, Bluesky or Mastodon) is also unverified, and that network is not read.",
            english.Sections[0].Rules[1], StringComparison.Ordinal);
        Assert.Contains(
            " Un compte dont le candidat n'a pas prouvé qu'il est le sien en se connectant sur son propre réseau (X, Bluesky ou Mastodon) est aussi non vérifié, et ce réseau n'est pas lu.",
            french.Sections[0].Rules[1], StringComparison.Ordinal);
        Assert.Contains("signing in on its own network (X, Bluesky or Mastodon)", ReasonCodes.Descriptions[ReasonCodes.HandleNotVerified], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnXOnlyPolicyRequiringProofStillSaysSigningInWithX()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        var (_, http) = await h.X.NewTenantAsync();
        (await http.PostAsJsonAsync("/v1/policies", TrustRequests.Policy("proof").With("requireVerifiedOwnership", true))).EnsureSuccessStatusCode();

        var x = await (await http.PostJsonAsync("/v1/screenings", NetworkScreeningHarness.Screening("ats-1", "proof@1", twitter: "camille_m"))).ReadAssessmentAsync();
        var documentation = await (await http.GetAsync("/v1/policies/proof@1/documentation?language=en")).ReadAsync<PolicyDocumentation>();

        Assert.Equal([ReasonCodes.HandleNotVerified], x.ReasonCodes);
        Assert.Equal(
            "The company only counts an account on X that you proved is yours by signing in with X, so this one was not looked at.",
            (await ExplainAsync(http, x.Id, "en")).Summary);
        Assert.Equal(
            "The scoring policy only counts an account the candidate proved theirs by signing in with X; this one was not, so it was not read.",
            ReportTexts.English.Summary(x));
        Assert.EndsWith(" A handle the candidate did not prove theirs by signing in with X is also unverified.", documentation.Sections[0].Rules[1], StringComparison.Ordinal);
    }

    private static async Task<ExplanationResponse> ExplainAsync(HttpClient http, Guid assessmentId, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/assessments/{assessmentId}/explanation");
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await (await http.SendAsync(request)).ReadAsync<ExplanationResponse>();
    }
}
