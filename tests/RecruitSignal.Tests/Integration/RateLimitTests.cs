using System.Net;

namespace RecruitSignal.Tests.Integration;

[Collection(ApiTestGroup.Name)]
public sealed class RateLimitTests(ApiFixture api)
{
    [Fact]
    public async Task NoisyTenantGets429WhileAnotherIsServed()
    {
        await using var service = new ApiFactory(await api.Server.CreateDatabaseAsync(), new Dictionary<string, string?>
        {
            ["RateLimits:PermitLimit"] = "3",
            ["RateLimits:Window"] = "00:01:00",
        });
        var noisy = await service.NewTenantClientAsync();
        var quiet = await service.NewTenantClientAsync();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await noisy.GetAsync("/v1/assessments"));
        }

        var served = await quiet.GetAsync("/v1/assessments");

        Assert.All(answers[..3], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[3].StatusCode);
        Assert.Equal("application/problem+json", answers[3].Content.Headers.ContentType?.MediaType);
        Assert.InRange(answers[3].Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.CreateClient().GetAsync("/health/live")).StatusCode);
    }
}
