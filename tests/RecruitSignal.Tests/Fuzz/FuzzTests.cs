using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.XApi;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.Fuzz;

/// <summary>
/// Issue 13's fuzz suite: every operation the service serves (read from its live OpenAPI document and its
/// routing, never listed by hand) gets bad values by class in every body field, query parameter, route value
/// and relevant header. Seeded and reproducible: RECRUITSIGNAL_FUZZ_SEED replays a run (default: today's date,
/// so each day explores new values), RECRUITSIGNAL_FUZZ_REQUESTS sets the least number of requests (default 2,000).
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class FuzzTests(ApiFixture api, ITestOutputHelper output)
{
    public const string SeedVariable = "RECRUITSIGNAL_FUZZ_SEED";
    public const string RequestsVariable = "RECRUITSIGNAL_FUZZ_REQUESTS";

    [Fact]
    public async Task NoBadInputOfAnyClassOnAnyEndpointGetsA5xxAnUnnamedRefusalOrAWrite()
    {
        var seed = Setting(SeedVariable, int.Parse(DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        var least = Setting(RequestsVariable, 2_000);
        output.WriteLine($"fuzz: seed {seed} (replay with {SeedVariable}={seed}), at least {least:N0} requests");

        await using var x = await FakeXApi.StartAsync();
        x.Add("camille_m");
        var database = await api.Server.CreateDatabaseAsync();
        await using var service = FuzzService.Create(database, x);
        service.StartServer();
        var document = JsonNode.Parse(await service.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var operations = ApiSurface.Read(document, service.Services.GetServices<EndpointDataSource>())
            .OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal).ToList();
        var random = new Random(seed);
        var generator = new CaseGenerator(new Schemas(document), random);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var run = new FuzzRun(connection, await TenantChecksum.ForAsync(connection), seed);

        // A tenant of its own per operation, so that one operation's answers (an erasure, say) cannot hide another's.
        var tenants = new List<FuzzTenant>();
        foreach (var operation in operations)
        {
            var tenant = await FuzzService.NewTenantAsync(service, operations);
            tenants.Add(tenant);
            foreach (var fuzz in generator.Systematic(operation, tenant.Route))
            {
                await run.SendAsync(tenant, fuzz);
            }
        }

        // Drawn at random on top of the systematic cases, a tenth of the total at least: as operations are added,
        // the systematic cases alone would reach the total and the random exploration would silently stop.
        var systematic = run.Sent;
        while (run.Sent < least || run.Sent - systematic < least / 10)
        {
            var pick = random.Next(operations.Count);
            await run.SendAsync(tenants[pick], generator.Extra(operations[pick], tenants[pick].Route));
        }

        var summary = run.Summary(operations.Count, operations.Count(o => !o.Documented), systematic);
        output.WriteLine(summary);
        Report(summary);
        Assert.True(run.Failures.Count == 0,
            $"{summary}\nReplay with {SeedVariable}={seed}.\n{run.FailureReport()}");
        Assert.True(run.Sent >= least, $"{summary}: fewer than {least:N0} requests");
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static void Report(string summary) => Contract.RepositoryFiles.Report("fuzz", summary);
}
