using System.Text.Json.Nodes;
using RecruitSignal.Tests.CandidatePages;

namespace RecruitSignal.Tests.Greenhouse;

[Collection(CandidatePagesGroup.Name)]
public sealed class GreenhouseDocsTests(CandidatePagesFixture fixture)
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesGreenhousesCallsWithBasicTheirRealAnswersAndExamples()
    {
        var document = JsonNode.Parse(await fixture.Harness.Factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!;
        var schemas = document["components"]!["schemas"]!;

        var expected = new Dictionary<(string Path, string Method), string[]>
        {
            [("/integrations/greenhouse/list_tests", "get")] = ["200", "401", "429", "503"],
            [("/integrations/greenhouse/send_test", "post")] = ["200", "400", "401", "413", "415", "429", "503"],
            [("/integrations/greenhouse/test_status", "get")] = ["200", "400", "401", "404", "429", "503"],
            [("/integrations/greenhouse/response_error", "post")] = ["200", "400", "401", "413", "415", "429", "503"],
        };
        foreach (var ((path, method), statuses) in expected)
        {
            var operation = paths[path]![method]!;
            Assert.Equal(statuses, operation["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
            Assert.Equal(["GreenhouseBasic"], operation["security"]!.AsArray().SelectMany(s => s!.AsObject().Select(p => p.Key)));
            Assert.Contains("greenhouse", (string?)operation["responses"]!["401"]!["description"], StringComparison.Ordinal);
            Assert.StartsWith("`Basic realm=", (string?)operation["responses"]!["401"]!["headers"]!["WWW-Authenticate"]!["description"], StringComparison.Ordinal);
        }

        var webhook = paths["/integrations/greenhouse/webhooks"]!["post"]!;
        Assert.Empty(webhook["security"]?.AsArray() ?? []);
        Assert.Equal(["200", "400", "401", "413", "415", "429"], webhook["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Equal("basic", (string?)document["components"]!["securitySchemes"]!["GreenhouseBasic"]!["scheme"]);
        Assert.Equal("Harry", (string?)schemas["SendTestRequest"]!["examples"]![0]!["candidate"]!["first_name"]);
        Assert.Equal("complete", (string?)schemas["TestStatusResponse"]!["examples"]![0]!["partner_status"]);
        Assert.Equal("test_status", (string?)schemas["ResponseErrorRequest"]!["examples"]![0]!["api_call"]);
        Assert.NotNull(schemas["GreenhouseCandidate"]!["properties"]!["greenhouse_profile_url"]);
        Assert.NotNull(schemas["TestStatusResponse"]!["properties"]!["partner_profile_url"]);
    }
}
