using System.Net.Http.Json;

namespace RecruitSignal.Tests.Integration.Hardening;

/// <summary>Issue 13, item 5: webhook URLs that reach inward through an IPv6 form are refused at subscription.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class SsrfTests(ApiFixture api)
{
    [Theory]
    [InlineData("https://[::127.0.0.1]/hooks")]
    [InlineData("https://[::ffff:169.254.169.254]/latest/meta-data")]
    [InlineData("https://[2002:7f00:1::1]/")]
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/")]
    [InlineData("https://[fec0::1]/")]
    [InlineData("https://[64:ff9b::a00:1]/")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/")]
    [InlineData("https://[fd00:ec2::254]/")]
    [InlineData("https://[fe80::1%25eth0]/")]
    public async Task WebhookUrlsThatReachInwardThroughAnIPv6FormAreRefused(string url)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.Http.PostAsJsonAsync("/v1/webhooks", new { url, events = new[] { "assessment.created" } });

        await response.AssertRefusedNamingAsync("url");
    }

    [Fact]
    public async Task TheOpenApiDocumentMarksTheWebhookUrlAsAUri()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await api.Factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        Assert.Equal("uri", (string?)document["components"]!["schemas"]!["CreateWebhookRequest"]!["properties"]!["url"]!["format"]);
    }
}
