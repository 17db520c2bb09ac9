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
}
