using System.Net;
using System.Text.Json.Nodes;
using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Integration;

[Collection(ApiTestGroup.Name)]
public sealed class ApiDocsTests(ApiFixture api)
{
    [Fact]
    public async Task OpenApiDocumentDescribesEveryEndpointWithSecurityAndErrors()
    {
        var client = api.Factory.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        Assert.Equal("http", (string?)document["components"]!["securitySchemes"]!["ApiKey"]!["type"]);
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["ApiKey"]!["scheme"]);
        var operations = document["paths"]!.AsObject()
            .Where(path => path.Key.StartsWith("/v1/", StringComparison.Ordinal))
            .SelectMany(path => path.Value!.AsObject().Select(op => (Path: path.Key, Operation: op.Value!)))
            .ToList();
        Assert.Equal(61, operations.Count);
        Assert.All(operations, op =>
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)op.Operation["summary"]), op.Path);
            Assert.NotNull(op.Operation["responses"]!["401"]);
            Assert.NotNull(op.Operation["responses"]!["403"]);
            Assert.NotNull(op.Operation["security"]);
        });
        var screening = document["paths"]!["/v1/screenings"]!["post"]!["responses"]!;
        foreach (var status in new[] { "201", "202", "400", "413", "415" })
        {
            Assert.NotNull(screening[status]);
        }

        var consent = document["paths"]!["/v1/candidates/{id}/consent"]!["post"]!["responses"]!;
        foreach (var status in new[] { "200", "400", "404" })
        {
            Assert.NotNull(consent[status]);
        }

        Assert.NotNull(document["paths"]!["/v1/candidates/{id}/refresh"]!["post"]!["responses"]!["202"]);
    }

    [Fact]
    public async Task OpenApiDocumentListsEveryReasonCodeAndHasExamples()
    {
        var client = api.Factory.CreateClient();

        var text = await client.GetStringAsync("/openapi/v1.json");
        var schemas = JsonNode.Parse(text)!["components"]!["schemas"]!;

        Assert.All(ReasonCodes.Descriptions.Keys, code => Assert.Contains($"`{code}`", text, StringComparison.Ordinal));
        Assert.Equal("gh-48213", (string?)schemas["ScreeningRequest"]!["examples"]![0]!["candidate"]!["externalId"]);
        Assert.Equal("engaged", (string?)schemas["AssessmentResponse"]!["examples"]![0]!["presenceTier"]);
        Assert.Equal("ats_form", (string?)schemas["ConsentRequest"]!["examples"]![0]!["method"]);
        Assert.Equal(true, (bool?)schemas["ConsentResponse"]!["examples"]![0]!["granted"]);
    }

    [Fact]
    public async Task EveryOperationShowsARequestAndResponseExample()
    {
        var client = api.Factory.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var schemas = document["components"]!["schemas"]!;
        var missing = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject().Where(path => path.Key.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var name = $"{method.ToUpperInvariant()} {path}";
                if (operation!["requestBody"]?["content"]?["application/json"] is { } request && !HasExample(request, schemas))
                {
                    missing.Add($"{name} request");
                }

                var success = operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).MinBy(r => r.Key).Value;
                if (success?["content"]?["application/json"] is { } response && !HasExample(response, schemas))
                {
                    missing.Add($"{name} response");
                }
            }
        }

        Assert.True(missing.Count == 0, $"No example for: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task InteractiveReferenceIsServedAtDocs()
    {
        var client = api.Factory.CreateClient();

        var response = await client.GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The page's script is served by the service itself, so the reference works without a CDN.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/scalar.js")).StatusCode);
    }

    /// <summary>An example on the media type itself, or on the schema it uses (a component's, followed through $ref).</summary>
    private static bool HasExample(JsonNode content, JsonNode schemas)
    {
        if (content["example"] is not null || content["examples"] is JsonObject { Count: > 0 })
        {
            return true;
        }

        var schema = content["schema"];
        // An optional body is oneOf [null, $ref]: its example is the referenced schema's.
        var reference = (string?)schema?["$ref"]
            ?? schema?["oneOf"]?.AsArray().Select(option => (string?)option?["$ref"]).FirstOrDefault(r => r is not null);
        if (reference is not null)
        {
            schema = schemas[reference["#/components/schemas/".Length..]];
        }

        return schema?["example"] is not null || schema?["examples"] is JsonArray { Count: > 0 };
    }
}
