using System.Net;
using System.Text.Json.Nodes;
using RecruitSignal.Idempotency;

namespace RecruitSignal.Tests.Integration.Hardening;

/// <summary>
/// Issue 13, item 8: an Idempotency-Key stands for one request to one resource. The path is the endpoint's
/// route, so another case or a trailing slash (which reach the same endpoint) is the same request; another
/// endpoint under the same key is another request (422).
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class IdempotencyScopeTests(ApiFixture api)
{
    [Theory]
    [InlineData("/v1/screenings/")]
    [InlineData("/V1/Screenings")]
    [InlineData("/v1/SCREENINGS/")]
    public async Task TheSamePathInAnotherCaseOrWithATrailingSlashIsTheSameRequest(string path)
    {
        var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();

        var first = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);
        var retry = await tenant.PostWithKeyAsync(path, Requests.EngagedProfessional(), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains(ReplayResult.ReplayedHeader));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(1, (await api.RowCountsAsync(tenant.TenantId))["assessments"]);
    }

    [Fact]
    public async Task TheSameKeyOnAnotherEndpointIsAnotherRequest()
    {
        var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();
        var batch = new JsonObject { ["items"] = new JsonArray(Requests.EngagedProfessional()) };

        await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);
        var other = await tenant.PostWithKeyAsync("/v1/screenings/batch", batch, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, (await api.RowCountsAsync(tenant.TenantId))["assessments"]);
    }
}
