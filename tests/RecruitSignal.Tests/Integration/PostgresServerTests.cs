using Npgsql;

namespace RecruitSignal.Tests.Integration;

/// <summary>The tests' PostgreSQL when Docker cannot serve one: one clear line, then the fallback server.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class PostgresServerTests(ApiFixture api)
{
    [Fact]
    public async Task AnImageThatCannotBePulledFallsBackToALocalServerWithOneClearLine()
    {
        var fallbackUsed = false;
        await using var server = new AsyncDisposable(new PostgresServer("recruitsignal.invalid/no-such-postgres:0", configured: null, localServer: () =>
        {
            fallbackUsed = true;
            return Task.FromResult(api.Server.AdminConnectionString);
        }));

        await server.Value.InitializeAsync();

        Assert.True(fallbackUsed);
        Assert.NotNull(server.Value.Notice);
        Assert.DoesNotContain('\n', server.Value.Notice);
        Assert.Matches("could not start|No Docker engine answered", server.Value.Notice);
        await using var connection = new NpgsqlConnection(await server.Value.CreateDatabaseAsync());
        await connection.OpenAsync();
    }

    [Fact]
    public async Task AConfiguredServerIsUsedAsIsWithoutAskingDocker()
    {
        await using var server = new AsyncDisposable(new PostgresServer("recruitsignal.invalid/no-such-postgres:0", api.Server.AdminConnectionString,
            () => throw new InvalidOperationException("no fallback expected")));

        await server.Value.InitializeAsync();

        Assert.Null(server.Value.Notice);
        Assert.Equal(api.Server.AdminConnectionString, server.Value.AdminConnectionString);
    }

    private sealed class AsyncDisposable(PostgresServer value) : IAsyncDisposable
    {
        public PostgresServer Value => value;

        public async ValueTask DisposeAsync() => await value.DisposeAsync();
    }
}
