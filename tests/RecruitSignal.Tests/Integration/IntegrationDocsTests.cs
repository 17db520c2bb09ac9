using System.Text.Json.Nodes;

namespace RecruitSignal.Tests.Integration;

[Collection(ApiTestGroup.Name)]
public sealed class IntegrationDocsTests(ApiFixture api)
{
    [Fact]
    public async Task OpenApiDocumentPublishesIdempotencyRetentionLimitsAndBatchExamples()
    {
        var document = JsonNode.Parse(await api.Factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!;

        foreach (var path in new[] { "/v1/screenings", "/v1/screenings/batch", "/v1/webhooks" })
        {
            var post = paths[path]!["post"]!;
            var header = post["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "Idempotency-Key")!;
            Assert.Equal("header", (string?)header["in"]);
            Assert.Contains("24 hours", (string?)header["description"], StringComparison.Ordinal);
            Assert.NotNull(post["responses"]!["409"]);
            Assert.NotNull(post["responses"]!["422"]);
        }

        Assert.NotNull(paths["/v1/assessments"]!["get"]!["responses"]!["429"]);
        Assert.NotNull(paths["/v1/screenings/batch"]!["post"]!["responses"]!["413"]);
        var schemas = document["components"]!["schemas"]!;
        var batchAnswer = schemas["BatchScreeningResponse"]!["examples"]![0]!;
        Assert.NotNull(batchAnswer["items"]![1]!["problem"]!["errors"]!["candidate.twitter"]);
        Assert.Equal(2, schemas["BatchScreeningRequest"]!["examples"]![0]!["items"]!.AsArray().Count);
        Assert.Contains("RecruitSignal-Signature", (string?)paths["/v1/webhooks"]!["post"]!["description"], StringComparison.Ordinal);
    }
}
