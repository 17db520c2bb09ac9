using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RecruitSignal.Tenants;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Operations;

/// <summary>API keys over HTTP: scopes, creation, listing, revocation, expiry and throttled guessing.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class ApiKeyTests(ApiFixture api)
{
    [Fact]
    public async Task ATenantsFirstKeyHoldsEveryScopeAndKeepsDoingEverything()
    {
        var tenant = await api.NewTenantAsync();

        var list = await (await tenant.Http.GetAsync("/v1/keys")).Content.ReadFromJsonAsync<JsonObject>();
        var screened = await tenant.Http.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional());

        var owner = Assert.Single(list!["items"]!.AsArray())!;
        Assert.Equal(ApiScopes.All, owner["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("active", (string?)owner["status"]);
        Assert.Equal(HttpStatusCode.Created, screened.StatusCode);
    }

    [Fact]
    public async Task AKeyWithoutTheScopeGets403NamingIt()
    {
        var tenant = await api.NewTenantAsync();
        var readOnly = await CreateKeyAsync(tenant, ["read"]);

        var screen = await readOnly.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional());
        var keys = await readOnly.GetAsync("/v1/keys");
        var read = await readOnly.GetAsync("/v1/assessments");

        Assert.Equal(HttpStatusCode.Forbidden, screen.StatusCode);
        Assert.Equal("application/problem+json", screen.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'screenings' scope", (string?)JsonNode.Parse(await screen.Content.ReadAsStringAsync())!["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, keys.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Fact]
    public async Task EveryV1EndpointNeedsExactlyOneScope()
    {
        var endpoints = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("v1/", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, endpoint => Assert.Single(endpoint.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>(),
            a => a.Policy is { } p && ApiScopes.IsKnown(p)));
    }

    [Fact]
    public async Task ARevokedKeyIsRefusedWithinASecond()
    {
        var tenant = await api.NewTenantAsync();
        var (client, id) = await CreateKeyWithIdAsync(tenant, ["read"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/assessments")).StatusCode); // now resolved, and remembered

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync($"/v1/keys/{id}")).StatusCode);
        await Task.Delay(ApiKeyStore.CacheDuration + TimeSpan.FromMilliseconds(100));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/assessments")).StatusCode);
        var listed = await (await tenant.Http.GetAsync("/v1/keys")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("revoked", (string?)listed!["items"]!.AsArray().Single(k => (string?)k!["id"] == id.ToString())!["status"]);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Http.DeleteAsync($"/v1/keys/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task AnExpiredKeyIsRefusedAndListedAsExpired()
    {
        var tenant = await api.NewTenantAsync();
        var (client, id) = await CreateKeyWithIdAsync(tenant, ["read"]);
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.ExecuteAsync("update api_keys set expires_at = now() - interval '1 second' where id = @id", new { id });
        }

        await Task.Delay(ApiKeyStore.CacheDuration + TimeSpan.FromMilliseconds(100));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/assessments")).StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"scopes\":[]}", "scopes")]
    [InlineData("{\"name\":\"x\",\"scopes\":[\"root\"]}", "scopes[0]")]
    [InlineData("{\"name\":\"\",\"scopes\":[\"read\"]}", "name")]
    [InlineData("{\"name\":\"x\",\"scopes\":[\"read\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}", "expiresAt")]
    [InlineData("{\"name\":\"x\",\"scopes\":[\"read\"],\"expiresAt\":\"9999-12-31T00:00:00Z\"}", "expiresAt")]
    public async Task ABadKeyRequestIs400NamingTheFieldAndMakesNoKey(string body, string field)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.Http.PostAsync("/v1/keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
        var listed = await (await tenant.Http.GetAsync("/v1/keys")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Single(listed!["items"]!.AsArray());
    }

    [Fact]
    public async Task AnAddressThatKeepsSendingWrongKeysGets429AndIsCounted()
    {
        var database = await api.Server.CreateDatabaseAsync();
        await using var factory = new ApiFactory(database, new Dictionary<string, string?> { ["Authentication:FailuresPerClient"] = "3" });
        factory.StartServer();
        var key = (await factory.Services.GetRequiredService<TenantStore>().CreateAsync("guessed", CancellationToken.None)).ApiKey;
        var guesser = factory.CreateClient();
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key[..^4] + "AAAA");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await guesser.GetAsync("/v1/assessments")).StatusCode);
        }

        var right = factory.CreateClient();
        right.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var meanwhile = await right.GetAsync("/v1/assessments");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, meanwhile.StatusCode); // the same address, whatever key it sends now
        Assert.NotNull(meanwhile.Headers.RetryAfter);
    }

    [Fact]
    public async Task LastUseIsRecordedInTheBackgroundNotOnTheRequest()
    {
        var tenant = await api.NewTenantAsync();
        var (client, id) = await CreateKeyWithIdAsync(tenant, ["read"]);
        await client.GetAsync("/v1/assessments");

        await api.Factory.Services.GetRequiredService<KeyUsage>().FlushAsync(CancellationToken.None);

        await using var connection = new NpgsqlConnection(api.ConnectionString);
        var lastUsed = await connection.ExecuteScalarAsync<DateTime?>("select last_used_at from api_keys where id = @id", new { id });
        Assert.NotNull(lastUsed);
        Assert.True(DateTime.UtcNow - lastUsed!.Value < TimeSpan.FromMinutes(1));
    }

    private async Task<HttpClient> CreateKeyAsync(TenantClient tenant, string[] scopes) => (await CreateKeyWithIdAsync(tenant, scopes)).Client;

    private async Task<(HttpClient Client, Guid Id)> CreateKeyWithIdAsync(TenantClient tenant, string[] scopes)
    {
        var response = await tenant.Http.PostAsJsonAsync("/v1/keys", new { name = "test", scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var client = api.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)created["key"]!);
        return (client, Guid.Parse((string)created["apiKey"]!["id"]!));
    }
}
