using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RecruitSignal.Tenants;

namespace RecruitSignal.Tests.Integration;

/// <summary>
/// A failover without a cluster: the database turns read-only under the service (as a demoted primary does) and
/// later writable again while the service's pooled sessions are still the read-only ones.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class ReadOnlyPrimaryTests(ApiFixture api)
{
    [Fact]
    public async Task WritesRefusedByAReadOnlyDatabaseAre503sAndTheServiceWritesAgainAsSoonAsItIsWritable()
    {
        var connectionString = await api.Server.CreateDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var factory = new ApiFactory(connectionString);
        factory.StartServer();
        var tenant = await factory.Services.GetRequiredService<TenantStore>().CreateAsync($"read-only-{Guid.NewGuid():N}", CancellationToken.None);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional("before"))).StatusCode);

        // Demoted: every session is cut, and new ones may not write.
        await using var admin = new NpgsqlConnection(api.ConnectionString);
        await admin.ExecuteAsync($"alter database \"{database}\" set default_transaction_read_only = on");
        await admin.ExecuteAsync("select pg_terminate_backend(pid) from pg_stat_activity where datname = @database", new { database });
        var refused = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            refused.Add(await client.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional($"during-{i}")));
        }

        var readyWhileReadOnly = await client.GetAsync("/health/ready");

        // Writable again, but the pool holds sessions that started read-only: the service must drop them by itself.
        await admin.ExecuteAsync($"alter database \"{database}\" reset default_transaction_read_only");
        var after = new List<HttpResponseMessage>();
        for (var i = 0; i < 10 && after.LastOrDefault()?.StatusCode != HttpStatusCode.Created; i++)
        {
            after.Add(await client.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional($"after-{i}")));
        }

        var readyAfter = await client.GetAsync("/health/ready");

        Assert.All(refused.Concat(after.SkipLast(1)), r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyWhileReadOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Created, after[^1].StatusCode);
        // One refusal at most: the one that met a read-only pooled session and made the service drop them all.
        Assert.InRange(after.Count, 1, 2);
        Assert.Equal(HttpStatusCode.OK, readyAfter.StatusCode);
        await using var stored = new NpgsqlConnection(connectionString);
        Assert.Equal(2, await stored.ExecuteScalarAsync<long>("select count(*) from assessments where tenant_id = @Id", new { Id = tenant.TenantId }));
    }
}
