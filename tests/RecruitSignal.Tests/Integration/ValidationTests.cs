using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace RecruitSignal.Tests.Integration;

/// <summary>Bad input gets a problem that names the field, and writes nothing.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class ValidationTests(ApiFixture api)
{
    [Theory]
    [InlineData("candidate", null, "candidate")]
    [InlineData("candidate.externalId", null, "candidate.externalId")]
    [InlineData("candidate.externalId", "\"\"", "candidate.externalId")]
    [InlineData("candidate.twitter", "\"https://linkedin.com/in/camille\"", "candidate.twitter")]
    [InlineData("candidate.twitter", "\"camille-m\"", "candidate.twitter")]
    [InlineData("candidate.twitter", "\"https://x.com/home\"", "candidate.twitter")]
    [InlineData("candidate.twitter", "\"a_name_that_is_too_long\"", "candidate.twitter")]
    [InlineData("candidate.email", "\"not-an-email\"", "candidate.email")]
    [InlineData("candidate.bluesky", "\"not a handle\"", "candidate.bluesky")]
    [InlineData("candidate.bluesky", "\"https://bsky.app/settings\"", "candidate.bluesky")]
    [InlineData("candidate.bluesky", "\"camille.localhost\"", "candidate.bluesky")]
    [InlineData("candidate.mastodon", "\"camille\"", "candidate.mastodon")]
    [InlineData("candidate.mastodon", "\"@camille@localhost\"", "candidate.mastodon")]
    [InlineData("candidate.links", "[\"https://bsky.app/feed/camille\"]", "candidate.links[0]")]
    [InlineData("candidate.links", "[\"https://x.com/camille_m\", \"@camille@not_a_host\"]", "candidate.links[1]")]
    [InlineData("evidence.network", "\"myspace\"", "evidence.network")]
    [InlineData("evidence.replies", "-1", "evidence.replies")]
    [InlineData("evidence.originalPosts", "1000001", "evidence.originalPosts")]
    [InlineData("evidence.reposts", "99999999999", "evidence.reposts")]
    [InlineData("evidence.replies", "\"many\"", "evidence.replies")]
    [InlineData("evidence.replies", "2.5", "evidence.replies")]
    [InlineData("evidence.relevantOriginalPosts", "21", "evidence.relevantOriginalPosts")]
    [InlineData("evidence.observedAt", "\"2999-01-01T00:00:00Z\"", "evidence.observedAt")]
    [InlineData("evidence.observedAt", "\"2001-01-01T00:00:00Z\"", "evidence.observedAt")]
    [InlineData("evidence.observedAt", "\"yesterday\"", "evidence.observedAt")]
    [InlineData("evidence.lastAuthoredPostAt", "\"2999-01-01T00:00:00Z\"", "evidence.lastAuthoredPostAt")]
    [InlineData("evidence.accountCreatedAt", "\"2999-01-01T00:00:00Z\"", "evidence.accountCreatedAt")]
    [InlineData("evidence.status", "\"dormant\"", "evidence.status")]
    [InlineData("evidence.status", null, "evidence.status")]
    [InlineData("evidence.source", "\"x_api\"", "evidence.source")]
    [InlineData("evidence.windowDays", "400", "evidence.windowDays")]
    [InlineData("evidence.windowDays", "6", "evidence.windowDays")]
    [InlineData("evidence.replies", null, "evidence.replies")]
    [InlineData("evidence.replys", "3", "evidence.replys")]
    [InlineData("job.keywords", "[\"\"]", "job.keywords[0]")]
    public async Task InvalidFieldIsRejectedByPathAndNothingIsWritten(string path, string? json, string expectedErrorKey)
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With(path, json is null ? null : JsonNode.Parse(json));

        var response = await tenant.ScreenAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.Equal(400, problem!.Status);
        Assert.Contains(expectedErrorKey, problem.Errors.Keys);
        Assert.All(problem.Errors[expectedErrorKey], message => Assert.False(string.IsNullOrWhiteSpace(message)));
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Fact]
    public async Task EvidenceOfAnAccountWithoutAHandleIsRejected()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With("candidate.twitter", null);

        var response = await tenant.ScreenAsync(body);

        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("candidate.twitter", problem!.Errors.Keys);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Theory]
    [InlineData("{\"candidate\": {\"externalId\": \"a\"", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("not json at all", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("null", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("[1, 2]", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"candidate\": {\"externalId\": \"a\"}}", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("<candidate/>", "application/xml", HttpStatusCode.UnsupportedMediaType)]
    public async Task UnreadableBodyGetsAProblemAndWritesNothing(string content, string contentType, HttpStatusCode expected)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.Http.PostAsync("/v1/screenings", new StringContent(content, Encoding.UTF8, contentType));

        Assert.Equal(expected, response.StatusCode);
        await AssertIsProblemWithoutInternalsAsync(response, (int)expected);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Fact]
    public async Task BodyOverTheLimitIsRefusedWith413()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With("candidate.fullName", new string('a', 200_000));

        var response = await tenant.ScreenAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertIsProblemWithoutInternalsAsync(response, 413);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Fact]
    public async Task DeeplyNestedJsonIsRefused()
    {
        var tenant = await api.NewTenantAsync();
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);

        var response = await tenant.Http.PostAsync("/v1/screenings", new StringContent(nested, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    private static async Task AssertIsProblemWithoutInternalsAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(status, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }
}
