using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Policies;
using RecruitSignal.Scoring;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.Integration.Trust;

[Collection(ApiTestGroup.Name)]
public sealed class PolicyTests(ApiFixture api, ITestOutputHelper output)
{
    [Fact]
    public async Task NewActivePolicyChangesNewScoresAndLeavesOldAssessmentsAsTheyWere()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With("evidence.replies", 0).With("evidence.lastAuthoredPostAt", Requests.ObservedAt.AddDays(-80));
        var before = await tenant.ScreenOkAsync(body);

        var version = await tenant.CreatePolicyAsync(TrustRequests.PresenceHeavyPolicy("presence-first"));
        var activated = await tenant.Http.PutAsJsonAsync("/v1/policies/active", new { version });
        var after = await tenant.ScreenOkAsync(body);

        Assert.Equal("presence-first@1", version);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        Assert.Equal(ScoringPolicy.DefaultVersion, before.PolicyVersion);
        Assert.Equal(version, after.PolicyVersion);
        Assert.NotEqual(before.Score, after.Score);
        Assert.Equal(60, after.Factors.Single(f => f.Factor == "presence").Points);
        var reread = await tenant.GetAssessmentAsync(before.Id);
        Assert.Equal(before.Score, reread.Score);
        Assert.Equal(ScoringPolicy.DefaultVersion, reread.PolicyVersion);
        Assert.Equal(before.Factors, reread.Factors);
    }

    [Fact]
    public async Task PoliciesListTheBuiltInAndTheTenantsOwnWithTheActiveOne()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        await other.CreatePolicyAsync(TrustRequests.Policy("not-yours"));

        var first = await tenant.CreatePolicyAsync(TrustRequests.Policy("gentle"));
        var second = await tenant.CreatePolicyAsync(TrustRequests.Policy("gentle").With("bands.strong", 80));
        await tenant.Http.PutAsJsonAsync("/v1/policies/active", new { version = second });
        var list = await (await tenant.Http.GetAsync("/v1/policies")).ReadAsync<PolicyList>();

        Assert.Equal(("gentle@1", "gentle@2"), (first, second));
        Assert.Equal(second, list.ActiveVersion);
        Assert.Equal([ScoringPolicy.DefaultVersion, ScoringPolicy.MultiNetworkVersion, first, second], list.Items.Select(p => p.Version));
        Assert.True(list.Items[0].BuiltIn && list.Items[1].BuiltIn);
        Assert.Equal(ScoringPolicy.Default, list.Items[0].Parameters);
        Assert.Equal(["x", "bluesky", "mastodon"], list.Items[1].Parameters.Networks!);
        Assert.Equal(80, list.Items[3].Parameters.Bands.Strong);
        Assert.Equal([false, false, false, true], list.Items.Select(p => p.IsActive));
    }

    [Fact]
    public async Task ATenantPolicyNamingItsNetworksScoresEachOnceActivatedAndIsNamedForThem()
    {
        var tenant = await api.NewTenantAsync();
        var version = await tenant.CreatePolicyAsync(TrustRequests.Policy("wide").With("networks", new JsonArray("mastodon", "x")));
        await tenant.Http.PutAsJsonAsync("/v1/policies/active", new { version });
        var listed = (await (await tenant.Http.GetAsync("/v1/policies")).ReadAsync<PolicyList>()).Items;
        var policy = listed.Single(p => p.Version == version);
        var answer = await tenant.ScreenOkAsync(Requests.EngagedProfessional().With("candidate.mastodon", "@camille@mastodon.social")
            .With("candidate.bluesky", "camille.bsky.social").With("evidence.network", "mastodon"));
        var xAlone = await tenant.CreatePolicyAsync(TrustRequests.Policy("narrow"));

        Assert.Equal(["x", "mastodon"], policy.Parameters.Networks!);
        Assert.Equal(version, answer.PolicyVersion);
        Assert.Equal(["x", "mastodon"], answer.Networks!.Select(n => n.Network)); // Bluesky is named but not read by this policy
        Assert.Equal(("mastodon", "camille@mastodon.social"), (answer.Handle!.Network, answer.Handle.Username));
        Assert.Equal(answer.Networks![1].Score, answer.Score);
        Assert.Equal("Professional presence on X and Mastodon (policy wide@1)", Integrations.AtsPartner.TestName(policy.Parameters));
        var narrow = (await (await tenant.Http.GetAsync("/v1/policies")).ReadAsync<PolicyList>()).Items.Single(p => p.Version == xAlone);
        Assert.Null(narrow.Parameters.Networks);
        Assert.Equal("Professional presence on X (policy narrow@1)", Integrations.AtsPartner.TestName(narrow.Parameters));
        Assert.Equal("Professional presence on X, Bluesky and Mastodon (policy default@2)",
            Integrations.AtsPartner.TestName(listed.Single(p => p.Version == ScoringPolicy.MultiNetworkVersion).Parameters));
    }

    [Theory]
    [InlineData("[]", "networks")]
    [InlineData("[\"x\", \"x\"]", "networks")]
    [InlineData("[\"x\", \"threads\"]", "networks[1]")]
    public async Task APolicysNetworksAreADistinctSubsetOfTheKnownOnes(string networks, string field)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.PostAsync("/v1/policies", TrustRequests.Policy("odd").With("networks", JsonNode.Parse(networks)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadAsync<JsonObject>())["errors"]!.AsObject().ContainsKey(field));
    }

    [Fact]
    public async Task ScreeningMayNameAPolicyVersionButNotAnUnknownOrAnotherTenantsOne()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var mine = await tenant.CreatePolicyAsync(TrustRequests.PresenceHeavyPolicy("mine"));
        var theirs = await other.CreatePolicyAsync(TrustRequests.PresenceHeavyPolicy("theirs"));

        var named = await tenant.ScreenOkAsync(Requests.EngagedProfessional().With("policyVersion", mine));
        var unknown = await tenant.ScreenAsync(Requests.EngagedProfessional("ats-2").With("policyVersion", theirs));
        var activateTheirs = await tenant.Http.PutAsJsonAsync("/v1/policies/active", new { version = theirs });

        Assert.Equal(mine, named.PolicyVersion);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("policyVersion", (await unknown.ReadAsync<JsonObject>())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.BadRequest, activateTheirs.StatusCode);
        Assert.Equal(1, (await api.RowCountsAsync(tenant.TenantId))["candidates"]);
    }

    [Theory]
    [InlineData("weights.presence", 11, "weights")]
    [InlineData("weights.followers", 5, "weights.followers")]
    [InlineData("bands.moderate", 75, "bands.strong")]
    [InlineData("tiers.relayerRepostShare", 1.5, "tiers.relayerRepostShare")]
    [InlineData("scales.relevanceBioShare", -0.1, "scales.relevanceBioShare")]
    [InlineData("name", "Default", "name")]
    [InlineData("absence", "ignore", "absence")]
    public async Task InvalidPoliciesAreRefusedWithTheFieldAtFault(string path, object value, string errorKey)
    {
        var tenant = await api.NewTenantAsync();
        var body = TrustRequests.Policy("broken").With(path, value switch
        {
            int i => JsonValue.Create(i),
            double d => JsonValue.Create(d),
            _ => JsonValue.Create((string)value),
        });

        var response = await tenant.PostAsync("/v1/policies", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(errorKey, (await response.ReadAsync<JsonObject>())["errors"]!.AsObject().Select(e => e.Key));
        Assert.All((await (await tenant.Http.GetAsync("/v1/policies")).ReadAsync<PolicyList>()).Items, p => Assert.True(p.BuiltIn)); // nothing of the tenant's written
    }

    [Fact]
    public async Task NotApplicableAbsenceLeavesACandidateWithoutAccountUnscored()
    {
        var tenant = await api.NewTenantAsync();
        var version = await tenant.CreatePolicyAsync(TrustRequests.Policy("no-penalty").With("absence", "not_applicable"));
        var noAccount = Requests.EngagedProfessional().With("candidate.twitter", null).With("evidence", null).With("policyVersion", version);

        var assessment = await tenant.ScreenOkAsync(noAccount);
        var scoredAsBefore = await tenant.ScreenOkAsync(noAccount.With("policyVersion", ScoringPolicy.DefaultVersion));

        Assert.Equal(PresenceTier.Absent, assessment.PresenceTier);
        Assert.Null(assessment.Score);
        Assert.Equal(Band.Unknown, assessment.Band);
        Assert.Contains(ReasonCodes.AbsenceNotScored, assessment.ReasonCodes);
        Assert.Empty(assessment.Factors);
        Assert.Equal(0, scoredAsBefore.Score);
        Assert.Equal(Band.None, scoredAsBefore.Band);
    }

    [Fact]
    public async Task EightClientsCreatingOnePolicyFifteenTimesEachGetGaplessUniqueRevisions()
    {
        const int clients = 8, rounds = 15;
        var tenant = await api.NewTenantAsync();
        var name = $"race-{Guid.NewGuid():N}"[..11];

        var answers = (await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var mine = new List<(HttpStatusCode Status, string? Version)>();
            for (var round = 0; round < rounds; round++)
            {
                var response = await tenant.PostAsync("/v1/policies", TrustRequests.Policy(name));
                mine.Add((response.StatusCode, response.IsSuccessStatusCode ? (await response.ReadAsync<PolicyResponse>()).Version : null));
            }

            return mine;
        }))).SelectMany(answer => answer).ToList();
        var revisions = answers.Select(a => a.Version).OfType<string>().Select(v => int.Parse(v[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        output.WriteLine($"{answers.Count} concurrent creations: " + string.Join(", ", answers.GroupBy(a => (int)a.Status).Select(g => $"{g.Count()} answered {g.Key}")));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Created, answer.Status));
        Assert.Equal(Enumerable.Range(1, clients * rounds), revisions);
        Assert.Equal(clients * rounds + 2, (await (await tenant.Http.GetAsync("/v1/policies")).ReadAsync<PolicyList>()).Items.Count); // + default@1, default@2
    }
}
