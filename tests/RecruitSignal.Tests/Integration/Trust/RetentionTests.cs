using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RecruitSignal.Retention;

namespace RecruitSignal.Tests.Integration.Trust;

[Collection(ApiTestGroup.Name)]
public sealed class RetentionTests(ApiFixture api)
{
    [Fact]
    public async Task RetentionDefaultsToTwoYearsAndIsSettableWithinBounds()
    {
        var tenant = await api.NewTenantAsync();

        var initial = await (await tenant.Http.GetAsync("/v1/settings/retention")).ReadAsync<RetentionSettings>();
        var tooShort = await tenant.Http.PutAsJsonAsync("/v1/settings/retention", new { days = 7 });
        var set = await tenant.Http.PutAsJsonAsync("/v1/settings/retention", new { days = 365 });
        var after = await (await tenant.Http.GetAsync("/v1/settings/retention")).ReadAsync<RetentionSettings>();

        Assert.Equal(730, initial.Days);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("days", (await tooShort.ReadAsync<JsonObject>())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(365, after.Days);
    }

    [Fact]
    public async Task TheRetentionJobErasesOnlyCandidatesPastTheirTenantsPeriod()
    {
        var (factory, connectionString) = await OwnServiceAsync(api);
        await using var _ = factory;
        var shortKeeper = await RescoringTests.NewTenantAsync(factory);
        var defaultKeeper = await RescoringTests.NewTenantAsync(factory);
        await shortKeeper.Http.PutAsJsonAsync("/v1/settings/retention", new { days = 30 });
        var old = await shortKeeper.ScreenOkAsync(Requests.EngagedProfessional("old"));
        var recent = await shortKeeper.ScreenOkAsync(Requests.EngagedProfessional("recent"));
        var oldElsewhere = await defaultKeeper.ScreenOkAsync(Requests.EngagedProfessional("old"));
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.ExecuteAsync(
                "update candidates set updated_at = updated_at - interval '40 days' where id = any(@ids)",
                new { ids = new[] { old.CandidateId, oldElsewhere.CandidateId } });
        }

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var job = ActivatorUtilities.CreateInstance<RetentionJob>(factory.Services, clock);
        var erasedNow = await job.ProcessDueAsync(CancellationToken.None);
        var stillKept = await shortKeeper.Http.GetAsync($"/v1/candidates/{recent.CandidateId}");
        clock.Advance(TimeSpan.FromDays(731));
        var erasedLater = await job.ProcessDueAsync(CancellationToken.None);

        Assert.Equal(1, erasedNow);
        Assert.Equal(HttpStatusCode.OK, stillKept.StatusCode);
        Assert.Equal(2, erasedLater);
        Assert.Equal(HttpStatusCode.NotFound, (await shortKeeper.Http.GetAsync($"/v1/candidates/{old.CandidateId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await defaultKeeper.Http.GetAsync($"/v1/candidates/{oldElsewhere.CandidateId}")).StatusCode);
        await using var check = new NpgsqlConnection(connectionString);
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("select count(*) from candidates"));
        Assert.Equal(3, await check.ExecuteScalarAsync<long>("select count(*) from candidate_erasures where reason = 'retention'"));
        Assert.Equal(3, await check.ExecuteScalarAsync<long>("select count(*) from audit_log where action = 'candidate_purged' and api_key_id is null"));
    }

    /// <summary>A service on a database of its own, its background jobs off: a test runs the retention job itself, over every tenant.</summary>
    internal static async Task<(ApiFactory Factory, string ConnectionString)> OwnServiceAsync(ApiFixture api)
    {
        var connectionString = await api.Server.CreateDatabaseAsync();
        return (new ApiFactory(connectionString, new Dictionary<string, string?>
        {
            ["Retention:Enabled"] = "false",
            ["Rescoring:Enabled"] = "false",
        }), connectionString);
    }
}
