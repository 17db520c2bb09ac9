using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Contract;

[Collection(ApiTestGroup.Name)]
public sealed class DocumentServerTests(ApiFixture api)
{
    [Fact]
    public async Task DocumentServerIsTheConfiguredPublicUrlWhateverTheHostHeader()
    {
        await using var service = new ApiFactory(api.ConnectionString, new Dictionary<string, string?> { ["PublicBaseUrl"] = "https://screening.recruitsignal.test/" });
        var client = service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "attacker.example";

        var document = (await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonObject>())!;

        var servers = document["servers"]!.AsArray();
        Assert.Equal("https://screening.recruitsignal.test", (string?)Assert.Single(servers)!["url"]);
    }

    [Fact]
    public async Task ListingQueryParametersAreSpelledAsTheReadmeSpellsThem()
    {
        var document = (await api.Factory.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        var parameters = document["paths"]!["/v1/assessments"]!["get"]!["parameters"]!.AsArray()
            .ToDictionary(p => (string)p!["name"]!, p => p!["schema"]!);
        Assert.Subset(parameters.Keys.ToHashSet(), new HashSet<string> { "band", "presence", "active", "createdAfter", "externalId", "limit", "cursor" });
        Assert.Equal("#/components/schemas/Band", (string?)parameters["band"]["$ref"]);
        Assert.Equal(["unknown", "none", "weak", "moderate", "strong"], document["components"]!["schemas"]!["Band"]!["enum"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("integer", (string?)parameters["limit"]["type"]);
        var everyQueryName = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().SelectMany(op => op.Value!["parameters"]?.AsArray() ?? []))
            .Where(p => (string?)p!["in"] == "query")
            .Select(p => (string)p!["name"]!);
        Assert.All(everyQueryName, name => Assert.True(char.IsLower(name[0]), $"query parameter '{name}' is not camelCase"));
    }
}
