using System.Net;
using RecruitSignal.Candidates;

namespace RecruitSignal.Tests.Integration;

/// <summary>A key of tenant A can neither read nor infer anything of tenant B.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class TenantIsolationTests(ApiFixture api)
{
    [Fact]
    public async Task AnotherTenantsIdsAnswer404LikeIdsThatNeverExisted()
    {
        var owner = await api.NewTenantAsync();
        var stranger = await api.NewTenantAsync();
        var assessment = await (await owner.ScreenAsync(Requests.EngagedProfessional())).ReadAssessmentAsync();

        string[] paths =
        [
            $"/v1/assessments/{assessment.Id}",
            $"/v1/candidates/{assessment.CandidateId}",
            $"/v1/candidates/{assessment.CandidateId}/assessments",
        ];
        foreach (var path in paths)
        {
            var foreign = await stranger.Http.GetAsync(path);
            var missing = await stranger.Http.GetAsync(path.Replace(assessment.Id.ToString(), Guid.CreateVersion7().ToString())
                .Replace(assessment.CandidateId.ToString(), Guid.CreateVersion7().ToString()));
            var own = await owner.Http.GetAsync(path);

            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task AnotherTenantsExternalIdFindsNothing()
    {
        var owner = await api.NewTenantAsync();
        var stranger = await api.NewTenantAsync();
        await owner.ScreenAsync(Requests.EngagedProfessional("shared-ats-id"));

        var found = await (await stranger.Http.GetAsync("/v1/candidates?externalId=shared-ats-id")).ReadAsync<CandidateList>();

        Assert.Empty(found.Items);
    }

    [Fact]
    public async Task TheSameExternalIdInTwoTenantsIsTwoCandidates()
    {
        var first = await api.NewTenantAsync();
        var second = await api.NewTenantAsync();

        var a = await (await first.ScreenAsync(Requests.EngagedProfessional("same-id"))).ReadAssessmentAsync();
        var b = await (await second.ScreenAsync(Requests.EngagedProfessional("same-id"))).ReadAssessmentAsync();

        Assert.NotEqual(a.CandidateId, b.CandidateId);
        Assert.Equal(1, (await api.RowCountsAsync(first.TenantId))["candidates"]);
        Assert.Equal(1, (await api.RowCountsAsync(second.TenantId))["candidates"]);
    }
}
