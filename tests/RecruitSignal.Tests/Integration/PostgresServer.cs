using System.Diagnostics;
using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

namespace RecruitSignal.Tests.Integration;

/// <summary>
/// One PostgreSQL server for the whole run, chosen in this order:
/// 1. RECRUITSIGNAL_TEST_POSTGRES when set (scripts/test.sh sets it when it starts a local cluster): used as is;
/// 2. a Testcontainers container (postgres:17-alpine) when a Docker engine answers; Testcontainers itself honours
///    TESTCONTAINERS_RYUK_DISABLED=true, which a machine that cannot pull the reaper image needs;
/// 3. when Docker is absent, or answers but the container cannot start (an image that cannot be pulled: offline,
///    no registry), one line says so on stderr and a throwaway local cluster is started with scripts/local-postgres.sh
///    (unless RECRUITSIGNAL_TEST_DATABASE=docker, as in CI's Docker run: then the run fails instead).
/// Each database made here is dropped at the end, so a shared server is left as it was found.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "RECRUITSIGNAL_TEST_POSTGRES";
    public const string DefaultImage = "postgres:17-alpine";

    private readonly List<string> _databases = [];
    private readonly string _image;
    private readonly string? _configured;
    private readonly Func<Task<string>> _localServer;
    private readonly bool _requireDocker;
    private PostgreSqlContainer? _container;
    private string? _localClusterDir;

    public PostgresServer()
        : this(DefaultImage, Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } s ? s : null, null,
            requireDocker: Environment.GetEnvironmentVariable("RECRUITSIGNAL_TEST_DATABASE") == "docker")
    {
    }

    /// <param name="localServer">Where to go when Docker cannot serve; by default a local cluster of scripts/local-postgres.sh.</param>
    /// <param name="requireDocker">Fail instead of falling back (CI's Docker run must really use Docker).</param>
    public PostgresServer(string image, string? configured, Func<Task<string>>? localServer, bool requireDocker = false)
    {
        _requireDocker = requireDocker;
        _image = image;
        _configured = configured;
        _localServer = localServer ?? StartLocalClusterAsync;
    }

    public string AdminConnectionString { get; private set; } = "";

    /// <summary>Why the run did not use Docker, as printed; null when it did, or when a server was configured.</summary>
    public string? Notice { get; private set; }

    public async Task InitializeAsync()
    {
        if (_configured is not null)
        {
            AdminConnectionString = _configured;
            return;
        }

        try
        {
            _container = new PostgreSqlBuilder(_image).Build();
            await _container.StartAsync();
            AdminConnectionString = _container.GetConnectionString();
            return;
        }
        catch (DockerUnavailableException)
        {
            Notice = $"[tests] No Docker engine answered: using a local PostgreSQL instead ({EnvironmentVariable} would name one).";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var reaper = e.ToString().Contains("ryuk", StringComparison.OrdinalIgnoreCase)
                && Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED") != "true";
            Notice = reaper
                ? "[tests] Docker answered but the Testcontainers reaper image (testcontainers/ryuk) could not be pulled: "
                  + "set TESTCONTAINERS_RYUK_DISABLED=true; using a local PostgreSQL for this run."
                : $"[tests] Docker answered but the container '{_image}' could not start ({FirstLine(e)}): "
                  + $"the image could not be pulled? Using a local PostgreSQL instead ({EnvironmentVariable} would name one).";
            await DisposeContainerQuietlyAsync();
        }

        await Console.Error.WriteLineAsync(Notice);
        if (_requireDocker)
        {
            throw new InvalidOperationException($"RECRUITSIGNAL_TEST_DATABASE=docker asks for Testcontainers, which cannot serve: {Notice}");
        }

        AdminConnectionString = await _localServer();
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"rs_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            foreach (var name in _databases)
            {
                await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }

        if (_localClusterDir is not null)
        {
            await RunScriptAsync("stop", _localClusterDir);
        }
    }

    private async Task DisposeContainerQuietlyAsync()
    {
        try
        {
            if (_container is not null)
            {
                await _container.DisposeAsync();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // it never started: nothing to clean up
        }

        _container = null;
    }

    /// <summary>The README's way without Docker: scripts/local-postgres.sh start, which prints export lines (printf %q: ';' escaped).</summary>
    private async Task<string> StartLocalClusterAsync()
    {
        var output = await RunScriptAsync("start");
        string Value(string name) => output.Split('\n').Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith($"export {name}=", StringComparison.Ordinal))?[$"export {name}=".Length..].Replace("\\", "", StringComparison.Ordinal)
            ?? throw new InvalidOperationException($"scripts/local-postgres.sh start printed no {name}: {output}");
        _localClusterDir = Value("LOCAL_PG_DIR");
        return Value("LOCAL_PG_CONNSTRING");
    }

    private static async Task<string> RunScriptAsync(params string[] args)
    {
        var script = FindScript() ?? throw new InvalidOperationException(
            $"No PostgreSQL for the tests: Docker cannot serve one, {EnvironmentVariable} is not set, and scripts/local-postgres.sh "
            + "is not found. Run ./scripts/test.sh, or set " + EnvironmentVariable + " to an admin connection string.");
        var start = new ProcessStartInfo("bash", [script, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/local-postgres.sh {string.Join(' ', args)} failed: {await stderr}");
        }

        return await stdout;
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "scripts", "local-postgres.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        return null;
    }

    private static string FirstLine(Exception e) => e.GetBaseException().Message.Split('\n')[0].Trim();
}
