using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RecruitSignal.Assessments;
using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Integration;

/// <summary>candidate.links as ATSs hold them: the first X profile supplies the handle when twitter is absent.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class LinksTests(ApiFixture api)
{
    [Fact]
    public async Task FirstXProfileAmongLinksIsTheHandleWhenTwitterIsAbsent()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With("candidate.twitter", null)
            .With("candidate.links", new JsonArray("https://github.com/camille", "twitter.com/Camille_M/", "@someone_else"));

        var assessment = await (await tenant.ScreenAsync(body)).ReadAssessmentAsync();

        Assert.Equal(new AssessmentHandle("Camille_M", HandleOwnership.Ats), assessment.Handle);
        Assert.Equal(PresenceTier.Engaged, assessment.PresenceTier);
    }

    [Fact]
    public async Task TwitterWinsOverLinks()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With("candidate.links", new JsonArray("https://x.com/other_name"));

        var assessment = await (await tenant.ScreenAsync(body)).ReadAssessmentAsync();

        Assert.Equal(new AssessmentHandle("camille_m", HandleOwnership.Ats), assessment.Handle);
    }

    [Fact]
    public async Task LinksWithoutAnXProfileAreFine()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With("candidate.twitter", null).With("evidence", null)
            .With("candidate.links", new JsonArray("https://www.linkedin.com/in/camille", "https://camille.dev"));

        var response = await tenant.ScreenAsync(body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(PresenceTier.Absent, (await response.ReadAssessmentAsync()).PresenceTier);
    }

    [Theory]
    [InlineData("https://x.com/home")]
    [InlineData("https://twitter.com/camille_m/status/123")]
    [InlineData("@name-with-dash")]
    public async Task XLinkThatIsNotAProfileIsAnErrorOnItsIndex(string badLink)
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With("candidate.twitter", null)
            .With("candidate.links", new JsonArray("https://github.com/camille", "https://camille.dev", badLink));

        var response = await tenant.ScreenAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadAsync<HttpValidationProblemDetails>();
        Assert.Equal(["candidate.links[2]"], problem.Errors.Keys);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }
}
