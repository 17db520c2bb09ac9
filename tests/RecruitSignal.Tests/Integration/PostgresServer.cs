using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

namespace RecruitSignal.Tests.Integration;

/// <summary>
/// One PostgreSQL server for the whole run: a Testcontainers container when a Docker engine answers,
/// otherwise the server named by RECRUITSIGNAL_TEST_POSTGRES (scripts/test.sh starts one). Each
/// database made here is dropped at the end, so a shared server is left as it was found.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "RECRUITSIGNAL_TEST_POSTGRES";

    private readonly List<string> _databases = [];
    private PostgreSqlContainer? _container;
    private string _adminConnectionString = "";

    public async Task InitializeAsync()
    {
        try
        {
            _container = new PostgreSqlBuilder("postgres:17-alpine").Build();
            await _container.StartAsync();
            _adminConnectionString = _container.GetConnectionString();
        }
        catch (DockerUnavailableException) when (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } server)
        {
            _container = null;
            _adminConnectionString = server;
        }
        catch (DockerUnavailableException e)
        {
            throw new InvalidOperationException(
                $"No Docker engine answered and {EnvironmentVariable} is not set. Run ./scripts/test.sh, which starts a local "
                + $"PostgreSQL when Docker is absent, or set {EnvironmentVariable} to an admin connection string.", e);
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"rs_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        foreach (var name in _databases)
        {
            await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
