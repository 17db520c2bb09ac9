using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Assessments;
using RecruitSignal.Candidates;
using RecruitSignal.Policies;
using RecruitSignal.Rescoring;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.Integration.Trust;
using RecruitSignal.Tests.XApi;

namespace RecruitSignal.Tests.Networks;

/// <summary>
/// An assessment of X and Bluesky rescored (one, then by a job) under another policy of several networks and under a policy
/// of X alone: each network is scored again from its own stored observation, nothing is fetched, the original stays.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class MultiNetworkRescoringTests(ApiFixture api)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task AnAssessmentOfSeveralNetworksIsRescoredNetworkByNetworkFromItsStoredEvidence()
    {
        await using var h = await NetworkScreeningHarness.StartAsync(api);
        var x = h.X.X.Add("camille_m");
        x.Posts.AddRange([new("Kubernetes upgrade notes", Now.AddDays(-2)), new("RT @k8s: release", Now.AddDays(-3), "retweeted")]);
        var sky = h.Bluesky.Add("camille.bsky.test", h.Dns);
        for (var i = 0; i < 6; i++)
        {
            sky.Posts.Add(new BlueskyPost("Kubernetes at work", Now.AddHours(-10 * (i + 1))));
            sky.Posts.Add(new BlueskyPost("agreed", Now.AddHours(-10 * (i + 1) - 3), BlueskyPostKind.Reply));
        }

        var (tenantId, http) = await h.X.NewTenantAsync();
        var pending = await (await http.PostJsonAsync("/v1/screenings",
            NetworkScreeningHarness.Screening("ats-1", "default@2", twitter: "camille_m", bluesky: "camille.bsky.test"))).ReadAssessmentAsync();
        Assert.Equal(2, await h.X.ProcessAsync());
        var original = await http.GetAssessmentAsync(pending.Id);
        var xOnlyCandidate = await (await http.PostJsonAsync("/v1/screenings", Requests.EngagedProfessional("ats-2"))).ReadAssessmentAsync();
        Assert.Equal(["x", "bluesky"], original.Networks!.Select(n => n.Network));
        Assert.All(original.Networks!, n => Assert.Equal(NetworkStatus.Found, n.Status));

        // Another version with other weights and bands, over the same networks; and a policy of X alone.
        var several = await CreatePolicyAsync(http, TrustRequests.PresenceHeavyPolicy("several")
            .With("networks", new JsonArray("x", "bluesky", "mastodon"))
            .With("bands", new JsonObject { ["strong"] = 90, ["moderate"] = 75, ["weak"] = 1 }));
        var xAlone = await CreatePolicyAsync(http, TrustRequests.PresenceHeavyPolicy("x-alone"));
        var proof = await CreatePolicyAsync(http, TrustRequests.Policy("proof").With("networks", new JsonArray("x", "bluesky")).With("requireVerifiedOwnership", true));
        var policies = (await (await http.GetAsync("/v1/policies")).ReadAsync<PolicyList>()).Items.ToDictionary(p => p.Version, p => p.Parameters);
        var fetched = (h.X.X.Requests.Count, h.Bluesky.Requests.Count, h.Calm.Requests.Count);

        var underSeveral = await http.PostJsonAsync($"/v1/assessments/{original.Id}/rescore", new JsonObject { ["policyVersion"] = several });
        var job = await (await http.PostJsonAsync("/v1/rescoring-jobs", new JsonObject { ["policyVersion"] = several })).ReadAsync<RescoringJobResponse>();
        var worker = h.X.Factory.Services.GetRequiredService<RescoringWorker>();
        for (var round = 0; round < 10 && (await (await http.GetAsync($"/v1/rescoring-jobs/{job.Id}")).ReadAsync<RescoringJobResponse>()).Status != RescoringJobStatus.Completed; round++)
        {
            await worker.ProcessOnceAsync(CancellationToken.None);
        }

        var done = await (await http.GetAsync($"/v1/rescoring-jobs/{job.Id}")).ReadAsync<RescoringJobResponse>();
        var underXAlone = await http.PostJsonAsync($"/v1/assessments/{original.Id}/rescore", new JsonObject { ["policyVersion"] = xAlone });
        var underProof = await http.PostJsonAsync($"/v1/assessments/{original.Id}/rescore", new JsonObject { ["policyVersion"] = proof });
        var history = await (await http.GetAsync($"/v1/candidates/{original.CandidateId}/assessments")).ReadAsync<AssessmentList>();

        // Each network scored alone from its stored evidence by the new policy's rules; the best decides.
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created), (underSeveral.StatusCode, underXAlone.StatusCode, underProof.StatusCode));
        var expected = original.Networks!.Select(n => ScoringEngine.Score(Input(n.Evidence!, original, n.Ownership), policies[several])).ToList();
        var best = expected.OrderByDescending(r => r.Score).First();
        Assert.NotEqual(original.Score, best.Score); // the new weights count
        foreach (var rescored in new[] { await underSeveral.ReadAssessmentAsync(), history.Items[2] })
        {
            Assert.Equal(several, rescored.PolicyVersion);
            Assert.Equal(
                original.Networks!.Select((n, i) => (n.Network, n.Handle, n.Status, n.Evidence!.Id, expected[i].Tier, expected[i].Score, expected[i].Band)),
                rescored.Networks!.Select(n => (n.Network, n.Handle, n.Status, n.Evidence!.Id, n.PresenceTier, n.Score, n.Band)));
            Assert.Equal(expected.Select(r => r.ReasonCodes), rescored.Networks!.Select(n => n.ReasonCodes));
            Assert.Equal((best.Tier, best.Score, best.Band, Codes(best.ReasonCodes)), (rescored.PresenceTier, rescored.Score, rescored.Band, Codes(rescored.ReasonCodes)));
            Assert.Equal(expected.Any(r => r.ActiveProfessionalPresence), rescored.ActiveProfessionalPresence);
            Assert.NotEqual(original.Id, rescored.Id);
        }

        // Under X alone, X's evidence only: Bluesky's is never scored as X's.
        var onX = original.Networks![0];
        var xExpected = ScoringEngine.Score(Input(onX.Evidence!, original, onX.Ownership), policies[xAlone]);
        var xRescored = await underXAlone.ReadAssessmentAsync();
        Assert.Null(xRescored.Networks);
        Assert.Equal((onX.Evidence!.Id, "camille_m"), (xRescored.Evidence!.Id, xRescored.Handle!.Username));
        Assert.Equal((xExpected.Tier, xExpected.Score, xExpected.Band, Codes(xExpected.ReasonCodes)), (xRescored.PresenceTier, xRescored.Score, xRescored.Band, Codes(xRescored.ReasonCodes)));

        // A policy that requires proof leaves the handles the ATS sent unread, network by network, as a screening under it would.
        var unproven = await underProof.ReadAssessmentAsync();
        Assert.Equal((PresenceTier.Unverified, (int?)null, Band.Unknown), (unproven.PresenceTier, unproven.Score, unproven.Band));
        Assert.Equal(
            [("x", NetworkStatus.NotRead, "HANDLE_NOT_VERIFIED"), ("bluesky", NetworkStatus.NotRead, "HANDLE_NOT_VERIFIED")],
            unproven.Networks!.Select(n => (n.Network, n.Status, Codes(n.ReasonCodes))));

        // The job: the candidate of several networks rescored (its latest assessment, the rescore above), the one of X alone skipped (nothing read from the others).
        Assert.Equal((RescoringJobStatus.Completed, 1, 1), (done.Status, done.Processed, done.Skipped));
        Assert.Equal([proof, xAlone, several, several, "default@2"], history.Items.Select(a => a.PolicyVersion));
        Assert.Single((await (await http.GetAsync($"/v1/candidates/{xOnlyCandidate.CandidateId}/assessments")).ReadAsync<AssessmentList>()).Items);

        TrustRequests.AssertSame(original, await http.GetAssessmentAsync(original.Id));
        Assert.Equal(fetched, (h.X.X.Requests.Count, h.Bluesky.Requests.Count, h.Calm.Requests.Count));
        Assert.Equal(4L, await h.X.ScalarAsync<long>("select count(*) from audit_log where tenant_id = @tenantId and action = 'assessment_rescored'", new { tenantId }));
    }

    private static async Task<string> CreatePolicyAsync(HttpClient http, JsonObject body)
    {
        var response = await http.PostJsonAsync("/v1/policies", body);
        response.EnsureSuccessStatusCode();
        return (string)(await response.ReadAsync<JsonObject>())["version"]!;
    }

    private static string Codes(IEnumerable<string> codes) => string.Join(' ', codes);

    // What the engine sees of a stored observation: its counts and dates, and whether the bio matched a term.
    private static ScoringInput Input(EvidenceSummary e, AssessmentResponse assessment, HandleOwnership ownership) => new(
        true,
        new Evidence(e.Status, e.ObservedAt, e.WindowDays, e.OriginalPosts ?? 0, e.Replies ?? 0, e.Reposts ?? 0, e.RelevantOriginalPosts ?? 0,
            e.LastAuthoredPostAt, e.BioMatchedTerms.Count > 0),
        assessment.RelevanceTerms.Count > 0,
        ownership);
}
