using System.Net;
using System.Text.Json.Nodes;

namespace RecruitSignal.Tests.Integration;

[Collection(ApiTestGroup.Name)]
public sealed class HealthTests(ApiFixture api)
{
    [Fact]
    public async Task MigratedDatabaseIsReadyAndProcessIsLive()
    {
        var client = api.Factory.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", (string?)JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["checks"]!["database"]!["status"]);
    }

    [Fact]
    [ExpectsUnhandledException] // the workers' rounds fail on the missing tables, as they should, until a migration
    public async Task UnmigratedDatabaseIsNotReadyWhileTheProcessStaysLive()
    {
        var empty = await api.Server.CreateDatabaseAsync();
        await using var factory = new ApiFactory(empty, new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });
        var client = factory.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("Migrations are pending", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task UnreachableDatabaseIsNotReadyAndAnswersQuickly()
    {
        // Port 1 on loopback: nothing listens there, so connections are refused at once.
        await using var factory = new ApiFactory("Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2",
            new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });
        var client = factory.CreateClient();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
