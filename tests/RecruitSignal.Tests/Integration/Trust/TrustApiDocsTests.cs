using System.Text.Json.Nodes;

namespace RecruitSignal.Tests.Integration.Trust;

[Collection(ApiTestGroup.Name)]
public sealed class TrustApiDocsTests(ApiFixture api)
{
    [Theory]
    [InlineData("/v1/assessments/{id}/reviews", "post", new[] { "201", "400", "404" })]
    [InlineData("/v1/assessments/{id}/contest", "post", new[] { "201", "400", "404" })]
    [InlineData("/v1/assessments/{id}/explanation", "get", new[] { "200", "404" })]
    [InlineData("/v1/assessments/{id}/rescore", "post", new[] { "201", "400", "404" })]
    [InlineData("/v1/candidates/{id}/export", "get", new[] { "200", "404" })]
    [InlineData("/v1/candidates/{id}", "delete", new[] { "204", "404" })]
    [InlineData("/v1/candidates", "delete", new[] { "204", "400" })]
    [InlineData("/v1/policies", "post", new[] { "201", "400" })]
    [InlineData("/v1/policies/active", "put", new[] { "200", "400" })]
    [InlineData("/v1/rescoring-jobs", "post", new[] { "202", "400" })]
    [InlineData("/v1/settings/retention", "put", new[] { "200", "400" })]
    [InlineData("/v1/audit", "get", new[] { "200", "400" })]
    public async Task EachRightIsDescribedWithItsAnswers(string path, string method, string[] statuses)
    {
        var document = JsonNode.Parse(await api.Factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        var operation = document["paths"]![path]![method]!;

        Assert.False(string.IsNullOrWhiteSpace((string?)operation["description"]));
        Assert.All(statuses, status => Assert.NotNull(operation["responses"]![status]));
    }

    [Fact]
    public async Task TheDescriptionTellsAnAtsHowToExerciseEachRight()
    {
        var document = JsonNode.Parse(await api.Factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        var description = (string)document["info"]!["description"]!;

        Assert.All(
            new[] { "/reviews", "/contest", "/explanation", "/export", "DELETE /v1/candidates", "/v1/settings/retention", "/v1/audit" },
            call => Assert.Contains(call, description, StringComparison.Ordinal));
    }
}
