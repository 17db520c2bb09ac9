using System.Net;
using Microsoft.AspNetCore.Http;
using RecruitSignal.Assessments;
using RecruitSignal.Candidates;

namespace RecruitSignal.Tests.Integration;

[Collection(ApiTestGroup.Name)]
public sealed class PagingTests(ApiFixture api)
{
    [Fact]
    public async Task PagingVisitsEveryRowExactlyOnceWhileRowsAreAdded()
    {
        var tenant = await api.NewTenantAsync();
        var existing = await ScreenManyAsync(tenant, "before", 23);

        var visited = new List<Guid>();
        string? cursor = null;
        for (var page = 0; page < 20; page++)
        {
            var answer = await (await tenant.Http.GetAsync($"/v1/assessments?limit=5{(cursor is null ? "" : $"&cursor={cursor}")}")).ReadAsync<AssessmentPage>();
            visited.AddRange(answer.Items.Select(a => a.Id));
            await ScreenManyAsync(tenant, $"during-{page}", 2);
            cursor = answer.Next;
            if (cursor is null)
            {
                break;
            }
        }

        Assert.Null(cursor);
        Assert.Equal(visited.Count, visited.Distinct().Count());
        Assert.Equal(existing.Order(), visited.Order());
    }

    [Fact]
    public async Task CandidatesPageNewestFirstAndExternalIdStillFindsOne()
    {
        var tenant = await api.NewTenantAsync();
        await ScreenManyAsync(tenant, "cand", 7);

        var first = await (await tenant.Http.GetAsync("/v1/candidates?limit=4")).ReadAsync<CandidateList>();
        var second = await (await tenant.Http.GetAsync($"/v1/candidates?limit=4&cursor={first.Next}")).ReadAsync<CandidateList>();
        var one = await (await tenant.Http.GetAsync("/v1/candidates?externalId=cand-3")).ReadAsync<CandidateList>();

        Assert.Equal(["cand-6", "cand-5", "cand-4", "cand-3", "cand-2", "cand-1", "cand-0"], first.Items.Concat(second.Items).Select(c => c.ExternalId));
        Assert.Null(second.Next);
        Assert.All(first.Items, c => Assert.NotNull(c.LatestAssessment));
        Assert.Equal("cand-3", Assert.Single(one.Items).ExternalId);
    }

    [Fact]
    public async Task FiltersNarrowTheListing()
    {
        var tenant = await api.NewTenantAsync();
        var engaged = await (await tenant.ScreenAsync(Requests.EngagedProfessional("f-1"))).ReadAssessmentAsync();
        await tenant.ScreenAsync(Requests.EngagedProfessional("f-2").With("evidence", null));

        var strong = await (await tenant.Http.GetAsync("/v1/assessments?band=strong&presence=engaged&active=true")).ReadAsync<AssessmentPage>();
        var unknown = await (await tenant.Http.GetAsync("/v1/assessments?band=unknown")).ReadAsync<AssessmentPage>();
        var byCandidate = await (await tenant.Http.GetAsync("/v1/assessments?externalId=f-1")).ReadAsync<AssessmentPage>();
        var later = await (await tenant.Http.GetAsync($"/v1/assessments?createdAfter={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}")).ReadAsync<AssessmentPage>();

        Assert.Equal([engaged.Id], strong.Items.Select(a => a.Id));
        Assert.Equal("f-2", Assert.Single(unknown.Items).ExternalId);
        Assert.Equal([engaged.Id], byCandidate.Items.Select(a => a.Id));
        Assert.Empty(later.Items);
    }

    [Fact]
    public async Task TamperedOrForeignCursorsAre400()
    {
        var (tenant, other) = (await api.NewTenantAsync(), await api.NewTenantAsync());
        await ScreenManyAsync(tenant, "c", 3);
        await ScreenManyAsync(other, "c", 3);
        var cursor = (await (await tenant.Http.GetAsync("/v1/assessments?limit=1")).ReadAsync<AssessmentPage>()).Next!;
        var tampered = cursor[..10] + (cursor[10] == 'A' ? 'B' : 'A') + cursor[11..];

        string[] refused =
        [
            $"/v1/assessments?cursor={tampered}",
            $"/v1/assessments?cursor={cursor[..^2]}",
            "/v1/assessments?cursor=not-a-cursor",
            $"/v1/assessments?band=strong&cursor={cursor}",
            $"/v1/candidates?cursor={cursor}",
        ];
        foreach (var path in refused)
        {
            var response = await tenant.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("cursor", (await response.ReadAsync<HttpValidationProblemDetails>()).Errors.Keys);
        }

        var borrowed = await other.Http.GetAsync($"/v1/assessments?cursor={cursor}");
        Assert.Equal(HttpStatusCode.BadRequest, borrowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.GetAsync($"/v1/assessments?cursor={cursor}")).StatusCode);
    }

    [Theory]
    [InlineData("/v1/assessments?limit=0", "limit")]
    [InlineData("/v1/assessments?limit=201", "limit")]
    [InlineData("/v1/assessments?band=excellent", "band")]
    [InlineData("/v1/assessments?presence=lurker", "presence")]
    [InlineData("/v1/candidates?limit=0", "limit")]
    public async Task BadListingParametersAreValidationProblems(string path, string field)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadAsync<HttpValidationProblemDetails>()).Errors.Keys);
    }

    private static async Task<List<Guid>> ScreenManyAsync(TenantClient tenant, string prefix, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var response = await tenant.ScreenAsync(Requests.EngagedProfessional($"{prefix}-{i}"));
            ids.Add((await response.ReadAssessmentAsync()).Id);
        }

        return ids;
    }
}
