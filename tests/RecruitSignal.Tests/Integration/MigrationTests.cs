using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RecruitSignal.Database;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Integration;

[Collection(ApiTestGroup.Name)]
public sealed class MigrationTests(ApiFixture api)
{
    [Fact]
    public async Task TwoInstancesMigratingAtOnceApplyEachMigrationExactlyOnce()
    {
        var connectionString = await api.Server.CreateDatabaseAsync();
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);

        var applied = await Task.WhenAll(
            new Migrations(first, NullLogger<Migrations>.Instance).ApplyAsync(CancellationToken.None),
            new Migrations(second, NullLogger<Migrations>.Instance).ApplyAsync(CancellationToken.None));

        Assert.Equal(Migrations.All.Select(m => m.Version), applied.SelectMany(a => a).Order(StringComparer.Ordinal));
        await using var connection = await first.OpenConnectionAsync();
        Assert.Equal(Migrations.All.Count, await connection.ExecuteScalarAsync<int>("select count(*) from schema_migrations"));
        Assert.True(await new Migrations(first, NullLogger<Migrations>.Instance).IsUpToDateAsync(CancellationToken.None));
        Assert.Empty(await new Migrations(first, NullLogger<Migrations>.Instance).ApplyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SeededDefaultPolicyIsTheOneTheCodeScoresWith()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);

        var parameters = await connection.ExecuteScalarAsync<string>(
            "select parameters::text from scoring_policies where version = @version", new { version = ScoringPolicy.DefaultVersion });

        Assert.Equal(ScoringPolicy.Default, System.Text.Json.JsonSerializer.Deserialize<ScoringPolicy>(parameters!, Json.Options));
    }

    [Fact]
    public async Task PolicyVersionsAreImmutable()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);

        var change = await Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync("update scoring_policies set parameters = '{}' where version = @version", new { version = ScoringPolicy.DefaultVersion }));

        Assert.Contains("immutable", change.MessageText, StringComparison.Ordinal);
    }
}
