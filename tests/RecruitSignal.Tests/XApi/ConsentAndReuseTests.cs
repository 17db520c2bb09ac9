using System.Net;
using System.Text.Json.Nodes;
using RecruitSignal.Assessments;
using RecruitSignal.Consent;
using RecruitSignal.Scoring;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.XApi;

[Collection(ApiTestGroup.Name)]
public sealed class ConsentAndReuseTests(ApiFixture api)
{
    [Fact]
    public async Task WithoutAConsentGrantNothingReachesXAndTheCandidateStaysUnverified()
    {
        await using var x = await XApiHarness.StartAsync(api);
        x.X.Add("camille_m");
        var (_, http) = await x.NewTenantAsync();

        var silent = await http.PostJsonAsync("/v1/screenings", LookupRequests.HandleOnly("ats-1"));
        var refused = await http.PostJsonAsync("/v1/screenings", LookupRequests.HandleOnly("ats-2", consent: LookupRequests.Withdrawal));
        await x.ProcessAsync();

        foreach (var response in new[] { silent, refused })
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var assessment = await response.ReadAssessmentAsync();
            Assert.Equal(AssessmentStatus.Completed, assessment.Status);
            Assert.Equal(PresenceTier.Unverified, assessment.PresenceTier);
            Assert.Contains(ReasonCodes.NoConsentForLookup, assessment.ReasonCodes);
        }

        Assert.Equal(0, await x.ScalarAsync<long>("select count(*) from presence_lookup_jobs"));
        Assert.Empty(x.X.Requests);
    }

    [Fact]
    public async Task WithdrawingConsentCancelsThePendingLookupBeforeXIsCalled()
    {
        await using var x = await XApiHarness.StartAsync(api);
        x.X.Add("camille_m");
        var (_, http) = await x.NewTenantAsync();
        var pending = await http.ScreenWithConsentAsync();

        var withdrawn = await http.PostJsonAsync($"/v1/candidates/{pending.CandidateId}/consent", LookupRequests.Withdrawal);
        var processed = await x.ProcessAsync();

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(1, (await withdrawn.ReadAsync<ConsentResponse>()).CancelledLookups);
        var failed = await http.GetAssessmentAsync(pending.Id);
        Assert.Equal(AssessmentStatus.Failed, failed.Status);
        Assert.Contains(ReasonCodes.NoConsentForLookup, failed.ReasonCodes);
        Assert.Contains("withdrew consent", failed.FailureReason, StringComparison.Ordinal);
        Assert.Equal(0, processed);
        Assert.Empty(x.X.Requests);
        Assert.Equal(2, await x.ScalarAsync<long>("select count(*) from candidate_consents"));
    }

    [Fact]
    public async Task AConsentGrantedLaterAllowsARefresh()
    {
        await using var x = await XApiHarness.StartAsync(api);
        x.X.Add("camille_m").Posts.Add(new FakePost("kubernetes", DateTimeOffset.UtcNow.AddDays(-1)));
        var (_, http) = await x.NewTenantAsync();
        var first = await (await http.PostJsonAsync("/v1/screenings", LookupRequests.HandleOnly())).ReadAssessmentAsync();
        var refresh = $"/v1/candidates/{first.CandidateId}/refresh";

        var beforeConsent = await http.PostAsync(refresh, null);
        var granted = await http.PostJsonAsync($"/v1/candidates/{first.CandidateId}/consent", LookupRequests.Grant);
        var accepted = await http.PostAsync(refresh, null);
        var again = await http.PostAsync(refresh, null);
        await x.ProcessAsync();

        Assert.Equal(HttpStatusCode.Conflict, beforeConsent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var pending = await accepted.ReadAssessmentAsync();
        Assert.Equal(pending.Id, (await again.ReadAssessmentAsync()).Id);
        Assert.Equal(first.RelevanceTerms, pending.RelevanceTerms);
        var done = await http.GetAssessmentAsync(pending.Id);
        Assert.Equal(AssessmentStatus.Completed, done.Status);
        Assert.Equal(1, done.Evidence!.OriginalPosts);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync($"/v1/candidates/{Guid.CreateVersion7()}/refresh", null)).StatusCode);
    }

    [Fact]
    public async Task AFreshObservationIsReusedWithinTheTenantOnlyAndRefreshFetchesAgain()
    {
        await using var x = await XApiHarness.StartAsync(api);
        x.X.Add("camille_m").Posts.Add(new FakePost("kubernetes", DateTimeOffset.UtcNow.AddDays(-1)));
        var (_, http) = await x.NewTenantAsync();
        var (_, other) = await x.NewTenantAsync();
        var first = await (await http.PostJsonAsync("/v1/screenings", LookupRequests.HandleOnly("ats-1", consent: LookupRequests.Grant))).ReadAssessmentAsync();
        await x.ProcessAsync();
        var observed = await http.GetAssessmentAsync(first.Id);

        var reuse = await http.PostJsonAsync("/v1/screenings", LookupRequests.HandleOnly("ats-2", "CAMILLE_M", LookupRequests.Grant));
        var otherTenant = await other.PostJsonAsync("/v1/screenings", LookupRequests.HandleOnly("ats-1", consent: LookupRequests.Grant));
        var otherTerms = await http.PostJsonAsync("/v1/screenings", LookupRequests.HandleOnly("ats-3", consent: LookupRequests.Grant).With("job.keywords", new JsonArray("rust")));
        var refresh = await http.PostAsync($"/v1/candidates/{first.CandidateId}/refresh", null);

        Assert.Equal(HttpStatusCode.Created, reuse.StatusCode);
        var reused = await reuse.ReadAssessmentAsync();
        Assert.Equal(AssessmentStatus.Completed, reused.Status);
        Assert.Equal(observed.Evidence!.Id, reused.Evidence!.Id);
        Assert.Equal(observed.Score, reused.Score);
        Assert.Equal(HttpStatusCode.Accepted, otherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, otherTerms.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, refresh.StatusCode);
        Assert.Equal(1, x.X.UserLookups("camille_m"));
    }

    [Fact]
    public async Task ConsentIsValidatedWithTheFieldPath()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With("candidate.consent", new JsonObject { ["granted"] = true });

        var response = await tenant.ScreenAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!;
        Assert.NotNull(errors["candidate.consent.method"]);
        Assert.NotNull(errors["candidate.consent.noticeVersion"]);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Fact]
    public async Task WithoutATokenAHandleAloneIsUnverifiedAsBeforeAndReadinessSaysSo()
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.ScreenAsync(LookupRequests.HandleOnly(consent: LookupRequests.Grant));
        var assessment = await response.ReadAssessmentAsync();
        var refresh = await tenant.Http.PostAsync($"/v1/candidates/{assessment.CandidateId}/refresh", null);
        var ready = await tenant.Http.GetStringAsync("/health/ready");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([ReasonCodes.NoEvidence], assessment.ReasonCodes);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refresh.StatusCode);
        Assert.Contains("declared evidence only", ready, StringComparison.Ordinal);
    }
}
