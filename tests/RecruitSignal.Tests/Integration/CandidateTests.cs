using System.Net;
using RecruitSignal.Candidates;
using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Integration;

[Collection(ApiTestGroup.Name)]
public sealed class CandidateTests(ApiFixture api)
{
    [Fact]
    public async Task ScreeningTheSameExternalIdAgainUpdatesOneCandidateAndKeepsHistory()
    {
        var tenant = await api.NewTenantAsync();
        var first = await (await tenant.ScreenAsync(Requests.EngagedProfessional("ats-42"))).ReadAssessmentAsync();
        var update = Requests.EngagedProfessional("ats-42").With("candidate.fullName", "Camille Martin-Durand").With("evidence", null);
        var second = await (await tenant.ScreenAsync(update)).ReadAssessmentAsync();

        Assert.Equal(first.CandidateId, second.CandidateId);
        var counts = await api.RowCountsAsync(tenant.TenantId);
        Assert.Equal(1, counts["candidates"]);
        Assert.Equal(2, counts["assessments"]);

        var candidate = await (await tenant.Http.GetAsync($"/v1/candidates/{first.CandidateId}")).ReadAsync<CandidateResponse>();
        Assert.Equal("Camille Martin-Durand", candidate.FullName);
        Assert.Equal(second.Id, candidate.LatestAssessment!.Id);
        Assert.Equal(PresenceTier.Unverified, candidate.LatestAssessment.PresenceTier);

        var history = await (await tenant.Http.GetAsync($"/v1/candidates/{first.CandidateId}/assessments")).ReadAsync<AssessmentList>();
        Assert.Equal([second.Id, first.Id], history.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task ConcurrentScreeningsOfOneCandidateMakeOneCandidate()
    {
        var tenant = await api.NewTenantAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => tenant.ScreenAsync(Requests.EngagedProfessional("racer"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var counts = await api.RowCountsAsync(tenant.TenantId);
        Assert.Equal(1, counts["candidates"]);
        Assert.Equal(8, counts["assessments"]);
    }

    [Fact]
    public async Task FindingByExternalIdAnswersTheCandidateOrAnEmptyList()
    {
        var tenant = await api.NewTenantAsync();
        var assessment = await (await tenant.ScreenAsync(Requests.EngagedProfessional("ats-7"))).ReadAssessmentAsync();

        var found = await (await tenant.Http.GetAsync("/v1/candidates?externalId=ats-7")).ReadAsync<CandidateList>();
        var none = await (await tenant.Http.GetAsync("/v1/candidates?externalId=ats-8")).ReadAsync<CandidateList>();

        var candidate = Assert.Single(found.Items);
        Assert.Equal(assessment.CandidateId, candidate.Id);
        Assert.Equal("camille_m", candidate.Handle);
        Assert.Equal(assessment.Id, candidate.LatestAssessment!.Id);
        Assert.Empty(none.Items);
    }

    [Theory]
    [InlineData("/v1/candidates?limit=0", "limit")]
    [InlineData("/v1/candidates/{id}/assessments?limit=0", "limit")]
    [InlineData("/v1/candidates/{id}/assessments?limit=201", "limit")]
    public async Task BadQueryParametersAreValidationProblems(string path, string field)
    {
        var tenant = await api.NewTenantAsync();
        var assessment = await (await tenant.ScreenAsync(Requests.EngagedProfessional())).ReadAssessmentAsync();

        var response = await tenant.Http.GetAsync(path.Replace("{id}", assessment.CandidateId.ToString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadAsync<Microsoft.AspNetCore.Http.HttpValidationProblemDetails>();
        Assert.Contains(field, problem.Errors.Keys);
    }

    [Fact]
    public async Task HistoryLimitKeepsTheNewest()
    {
        var tenant = await api.NewTenantAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await (await tenant.ScreenAsync(Requests.EngagedProfessional("ats-h"))).ReadAssessmentAsync()).Id);
        }

        var candidateId = (await (await tenant.Http.GetAsync("/v1/candidates?externalId=ats-h")).ReadAsync<CandidateList>()).Items[0].Id;
        var history = await (await tenant.Http.GetAsync($"/v1/candidates/{candidateId}/assessments?limit=2")).ReadAsync<AssessmentList>();

        Assert.Equal([ids[2], ids[1]], history.Items.Select(a => a.Id));
    }
}
