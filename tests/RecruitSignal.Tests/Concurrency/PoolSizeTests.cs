using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RecruitSignal.Database;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Concurrency;

/// <summary>
/// The pool is sized for the cores, not Npgsql's 100: a hundred backends on two cores queued inside PostgreSQL's lock
/// manager under an open-loop burst. A size written in the connection string, under any of Npgsql's spellings, wins.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class PoolSizeTests(ApiFixture api)
{
    [Theory]
    [InlineData("", -1)]
    [InlineData(";Maximum Pool Size=7", 7)]
    [InlineData(";maximum pool size = 9", 9)]
    [InlineData(";MaxPoolSize=130", 130)]
    public async Task ThePoolHoldsTwelveConnectionsACoreUnlessTheConnectionStringSaysOtherwise(string setting, int expected)
    {
        await using var factory = new ApiFactory(api.ConnectionString + setting, new Dictionary<string, string?>
        {
            ["XApi:WorkerEnabled"] = "false",
            ["Webhooks:DispatcherEnabled"] = "false",
            ["Rescoring:Enabled"] = "false",
        });
        factory.StartServer();

        var dataSource = factory.Services.GetRequiredService<NpgsqlDataSource>();
        var size = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize;
        if (expected < 0)
        {
            Assert.Equal(Math.Max(24, Environment.ProcessorCount * 12), size);
            Assert.Equal(DatabaseExtensions.DefaultMaximumPoolSize, size);
        }
        else
        {
            Assert.Equal(expected, size);
        }
    }
}
