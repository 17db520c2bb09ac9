using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RecruitSignal.Tenants;

namespace RecruitSignal.Tests.Integration;

/// <summary>The service under database faults: it fails fast and honestly, and heals by itself.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class ResilienceTests(ApiFixture api)
{
    private static readonly TimeSpan FastFailure = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task DatabaseOutageGivesFast503sAndTheServiceHealsWithoutRestart()
    {
        var direct = new NpgsqlConnectionStringBuilder(api.ConnectionString);
        await using var proxy = TcpProxy.Start(direct.Host!, direct.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(api.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 };
        await using var factory = new ApiFactory(viaProxy.ConnectionString);
        factory.StartServer();
        var client = await ClientOfNewTenantAsync(factory);
        var tenantId = await TenantOfAsync(client);
        var outcomes = new List<Outcome>();
        var downAt = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();

        // Four clients keep screening for a bounded time while the database goes away and comes back.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var flow = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 400; i++)
            {
                var started = clock.Elapsed;
                var response = await client.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional($"flow-{worker}-{i}"), CancellationToken.None);
                var id = response.StatusCode == HttpStatusCode.Created ? (await response.ReadAssessmentAsync()).Id : (Guid?)null;
                lock (outcomes)
                {
                    outcomes.Add(new Outcome(response.StatusCode, response.Headers.RetryAfter is not null, id, started, clock.Elapsed));
                }

                await Task.Delay(20, CancellationToken.None);
            }
        })).ToList();

        await Task.Delay(1000);
        downAt = clock.Elapsed;
        proxy.Down();
        await Task.Delay(1500);
        var readyWhileDown = await client.GetAsync("/health/ready");
        var liveWhileDown = await client.GetAsync("/health/live");
        proxy.Up();
        var upAt = clock.Elapsed;
        await Task.Delay(2500);
        await stop.CancelAsync();
        await Task.WhenAll(flow);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyWhileDown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, liveWhileDown.StatusCode);
        Assert.All(outcomes, o => Assert.True(o.Status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"answered {o.Status}"));
        Assert.All(outcomes, o => Assert.InRange(o.Ended - o.Started, TimeSpan.Zero, FastFailure));
        Assert.All(outcomes.Where(o => o.Status == HttpStatusCode.ServiceUnavailable), o => Assert.True(o.RetryAfter));
        Assert.Contains(outcomes, o => o.Status == HttpStatusCode.ServiceUnavailable && o.Started > downAt);
        Assert.Contains(outcomes, o => o.Status == HttpStatusCode.Created && o.Started > upAt + TimeSpan.FromSeconds(1));

        // Every 201 is stored; nothing is half-written; the only rows beyond the 201s are requests cut in flight.
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        var stored = (await connection.QueryAsync<Guid>("select id from assessments where tenant_id = @tenantId", new { tenantId })).ToHashSet();
        var created = outcomes.Where(o => o.Id is not null).Select(o => o.Id!.Value).ToList();
        Assert.Subset(stored, created.ToHashSet());
        var cutInFlight = outcomes.Count(o => o.Started < downAt && o.Ended > downAt && o.Status != HttpStatusCode.Created);
        Assert.InRange(stored.Count - created.Count, 0, cutInFlight);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("""
            select count(*) from presence_observations o
            where o.tenant_id = @tenantId and not exists (select 1 from assessments a where a.tenant_id = o.tenant_id and a.observation_id = o.id)
            """, new { tenantId }));
        // Each stored screening has its audit entry and no entry is left of one that was not stored: written together or not at all.
        var audited = (await connection.QueryAsync<string>(
            "select target_id from audit_log where tenant_id = @tenantId and action = 'screening_created'", new { tenantId })).ToList();
        Assert.Equal(stored.Order(), audited.Select(Guid.Parse).Order());
    }

    [Fact]
    public async Task KilledPooledConnectionsDoNotFailTheNextRequests()
    {
        await using var factory = new ApiFactory(await api.Server.CreateDatabaseAsync());
        factory.StartServer();
        var client = await ClientOfNewTenantAsync(factory);
        // Fill the pool with several idle connections.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional($"warm-{i}"))));
        var database = new NpgsqlConnectionStringBuilder(factory.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).Database;

        await using (var admin = new NpgsqlConnection(api.ConnectionString))
        {
            var killed = await admin.ExecuteScalarAsync<int>("""
                select count(*) from (
                    select pg_terminate_backend(pid) from pg_stat_activity where datname = @database and pid <> pg_backend_pid()
                ) terminated
                """, new { database });
            Assert.True(killed > 0);
        }

        var after = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional($"after-{i}"))));
        var reads = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetAsync("/v1/candidates?externalId=after-0")));

        Assert.All(after, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.All(reads, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    private static async Task<HttpClient> ClientOfNewTenantAsync(ApiFactory factory)
    {
        var tenant = await factory.Services.GetRequiredService<TenantStore>().CreateAsync($"resilience-{Guid.NewGuid():N}", CancellationToken.None);
        var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        return client;
    }

    private async Task<Guid> TenantOfAsync(HttpClient client)
    {
        var key = client.DefaultRequestHeaders.Authorization!.Parameter!;
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        return await connection.ExecuteScalarAsync<Guid>("select tenant_id from api_keys where prefix = @prefix", new { prefix = key.Substring(3, 8) });
    }

    private sealed record Outcome(HttpStatusCode Status, bool RetryAfter, Guid? Id, TimeSpan Started, TimeSpan Ended);
}
