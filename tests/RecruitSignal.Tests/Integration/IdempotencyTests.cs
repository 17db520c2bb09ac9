using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RecruitSignal.Idempotency;

namespace RecruitSignal.Tests.Integration;

[Collection(ApiTestGroup.Name)]
public sealed class IdempotencyTests(ApiFixture api)
{
    [Fact]
    public async Task RetryWithTheSameKeyAndBodyReplaysTheFirstAnswerAndWritesNothing()
    {
        var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();

        var first = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);
        var retry = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("application/json", retry.Content.Headers.ContentType?.MediaType);
        Assert.True(retry.Headers.Contains(ReplayResult.ReplayedHeader));
        Assert.False(first.Headers.Contains(ReplayResult.ReplayedHeader));
        Assert.Equal(1, (await api.RowCountsAsync(tenant.TenantId))["assessments"]);
    }

    [Fact]
    public async Task SameKeyWithAnotherBodyIs422AndWritesNothing()
    {
        var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();
        await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);

        var other = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional().With("evidence.replies", 3), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, (await api.RowCountsAsync(tenant.TenantId))["assessments"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task MalformedKeyIs400AndWritesNothing(string? key)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key ?? new string('k', 256));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Fact]
    public async Task FiftyConcurrentRequestsWithOneKeyMakeOneAssessment()
    {
        var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key)));

        Assert.Equal(1, (await api.RowCountsAsync(tenant.TenantId))["assessments"]);
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        var inProgress = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.Equal(50, created.Count + inProgress.Count);
        Assert.NotEmpty(created);
        Assert.Single(created.Select(r => r.Headers.Location).Distinct());
        Assert.All(inProgress, r => Assert.NotNull(r.Headers.RetryAfter));
        var bodies = await Task.WhenAll(created.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
    }

    [Fact]
    public async Task KeysArePerTenant()
    {
        var (a, b) = (await api.NewTenantAsync(), await api.NewTenantAsync());
        var key = Guid.NewGuid().ToString();

        var fromA = await a.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);
        var fromB = await b.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);

        Assert.Equal(HttpStatusCode.Created, fromB.StatusCode);
        Assert.NotEqual(fromA.Headers.Location, fromB.Headers.Location);
        Assert.Equal(1, (await api.RowCountsAsync(b.TenantId))["assessments"]);
    }

    [Fact]
    public async Task RefusedRequestDoesNotClaimItsKey()
    {
        var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();

        var refused = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional().With("evidence.replies", -1), key);
        var corrected = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
    }

    [Fact]
    public async Task ExpiredKeysArePurgedAndTheKeyCanBeUsedAgain()
    {
        var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();
        var first = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.ExecuteAsync("update idempotency_keys set expires_at = now() - interval '1 minute' where tenant_id = @id", new { id = tenant.TenantId });
        }

        var purged = await api.Factory.Services.GetRequiredService<IdempotencyStore>().PurgeExpiredAsync(CancellationToken.None);
        var again = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);

        Assert.True(purged >= 1);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.NotEqual(first.Headers.Location, again.Headers.Location);
        Assert.Equal(2, (await api.RowCountsAsync(tenant.TenantId))["assessments"]);
    }

    [Fact]
    public async Task OneKeyCoversAWholeBatch()
    {
        var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();
        var batch = new JsonObject { ["items"] = new JsonArray(Requests.EngagedProfessional("b-1"), Requests.EngagedProfessional("b-2")) };

        var first = await tenant.PostWithKeyAsync("/v1/screenings/batch", batch, key);
        var retry = await tenant.PostWithKeyAsync("/v1/screenings/batch", batch, key);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(2, (await api.RowCountsAsync(tenant.TenantId))["assessments"]);
    }
}

public static class IdempotentRequests
{
    public static Task<HttpResponseMessage> PostWithKeyAsync(this TenantClient tenant, string path, JsonNode body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation(IdempotencyOptions.Header, key);
        return tenant.Http.SendAsync(request);
    }
}
