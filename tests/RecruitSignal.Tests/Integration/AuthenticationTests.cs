using System.Net;
using System.Net.Http.Headers;

namespace RecruitSignal.Tests.Integration;

[Collection(ApiTestGroup.Name)]
public sealed class AuthenticationTests(ApiFixture api)
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer rs_AAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task MissingMalformedOrUnknownKeyGetsTheSame401Problem(string? authorization)
    {
        var client = api.Factory.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.PostAsync("/v1/screenings", System.Net.Http.Json.JsonContent.Create(Requests.EngagedProfessional()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Unauthorized", (string?)problem["title"]);
        Assert.Equal("Send a valid API key as 'Authorization: Bearer <key>'.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task AKeyWithTheRightPrefixButWrongSecretIsRefused()
    {
        var tenant = await api.NewTenantAsync();
        var key = tenant.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        var forged = key[..^4] + (key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        var client = api.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        var response = await client.GetAsync($"/v1/candidates?externalId=x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AValidKeyIsAccepted()
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.Http.GetAsync("/v1/candidates?externalId=nobody");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
