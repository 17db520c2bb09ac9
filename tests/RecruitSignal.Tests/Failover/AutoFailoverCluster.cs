using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace RecruitSignal.Tests.Failover;

/// <summary>
/// A pg_auto_failover formation on loopback, from Debian's postgresql-15-auto-failover: a monitor, and three nodes
/// (a primary and two synchronous standbys, <c>number_sync_standbys = 1</c>), as the README's "High availability"
/// section sets one up. pg_autoctl refuses to run as root, so every command runs as the <c>postgres</c> user
/// (<c>runuser</c>) in a temporary folder that user owns. Each node runs in a session of its own, so that killing
/// a node kills its keeper and everything it started.
/// </summary>
public sealed class AutoFailoverCluster : IAsyncDisposable
{
    // The monitor's failure detection, tightened from its defaults (5 s checks, 20 s unhealthy, 30 s demote timeout)
    // so that the test measures the service rather than the monitor's patience; the README gives both.
    private static readonly string[] MonitorSettings =
    [
        "pgautofailover.health_check_period = 1000",
        "pgautofailover.health_check_timeout = 1000",
        "pgautofailover.health_check_max_retries = 1",
        "pgautofailover.health_check_retry_delay = 500",
        "pgautofailover.node_considered_unhealthy_timeout = 2000",
        "pgautofailover.primary_demote_timeout = 3000",
    ];

    private readonly string _root;
    private readonly string _binDir;
    private readonly Dictionary<string, Process> _running = [];

    private AutoFailoverCluster(string root, string binDir, int monitorPort, IReadOnlyList<int> ports)
    {
        (_root, _binDir, MonitorPort, Ports) = (root, binDir, monitorPort, ports);
    }

    public int MonitorPort { get; }

    /// <summary>The nodes' ports, node1 first.</summary>
    public IReadOnlyList<int> Ports { get; }

    public static IReadOnlyList<string> Nodes { get; } = ["node1", "node2", "node3"];

    /// <summary>The service's connection string: every node, and only a writable one will do.</summary>
    public string ConnectionString =>
        $"Host={string.Join(',', Ports.Select(p => $"127.0.0.1:{p}"))};Username=postgres;Database=postgres;"
        + "Target Session Attributes=read-write;Timeout=3;Command Timeout=20";

    public static string NodeConnectionString(int port) => $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=2;Pooling=false";

    /// <summary>The reason the formation cannot run here, or null.</summary>
    public static string? Unavailable()
    {
        if (!File.Exists("/usr/bin/pg_autoctl"))
        {
            return "pg_autoctl is missing: apt-get install -y postgresql-15-auto-failover (.ci/run installs it)";
        }

        return Environment.UserName == "root" || Environment.UserName == "postgres"
            ? null
            : "the failover test runs pg_autoctl as the postgres user through runuser, which needs root";
    }

    public static async Task<AutoFailoverCluster> StartAsync(CancellationToken ct)
    {
        var binDir = Directory.GetDirectories("/usr/lib/postgresql")
            .Where(d => File.Exists(Path.Combine(d, "lib", "pgautofailover.so")))
            .Select(d => Path.Combine(d, "bin"))
            .Order(StringComparer.Ordinal).Last();
        var root = Directory.CreateTempSubdirectory("recruitsignal-failover-").FullName;
        var cluster = new AutoFailoverCluster(root, binDir, FreePort(), [FreePort(), FreePort(), FreePort()]);
        try
        {
            await Run(ct, "chown", "postgres", root);
            await cluster.CreateMonitorAsync(ct);
            foreach (var (node, port) in Nodes.Zip(cluster.Ports))
            {
                cluster.Start(node, "create", "postgres", "--pgdata", cluster.Data(node), "--pgport", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--hostname", "127.0.0.1",
                    "--name", node, "--auth", "trust", "--no-ssl", "--monitor", cluster.MonitorUri, "--replication-quorum", "true",
                    "--candidate-priority", "50", "--run");
                // One at a time: the first becomes the primary, the others clone it.
                await cluster.WaitForAsync(async () => await cluster.StateOfAsync(node) is "single" or "primary" or "wait_primary" or "secondary",
                    TimeSpan.FromSeconds(90), $"{node} to join", ct);
            }

            await cluster.WaitForAsync(async () => await cluster.HealthyAsync(), TimeSpan.FromSeconds(90), "a primary and two secondaries", ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private string MonitorUri => $"postgres://autoctl_node@127.0.0.1:{MonitorPort}/pg_auto_failover?sslmode=disable";

    private string Data(string node) => Path.Combine(_root, node);

    private async Task CreateMonitorAsync(CancellationToken ct)
    {
        Start("monitor", "create", "monitor", "--pgdata", Data("monitor"), "--pgport", MonitorPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--hostname", "127.0.0.1",
            "--auth", "trust", "--no-ssl", "--run");
        var monitor = $"Host=127.0.0.1;Port={MonitorPort};Username=postgres;Database=pg_auto_failover;Timeout=2;Pooling=false";
        await WaitForAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(monitor);
            await connection.OpenAsync(ct);
            await using var check = new NpgsqlCommand("select count(*) from pgautofailover.formation", connection);
            return (long)(await check.ExecuteScalarAsync(ct))! > 0;
        }, TimeSpan.FromSeconds(60), "the monitor", ct);
        await using (var connection = new NpgsqlConnection(monitor))
        {
            await connection.OpenAsync(ct);
            foreach (var setting in MonitorSettings)
            {
                await using var alter = new NpgsqlCommand($"alter system set {setting}", connection);
                await alter.ExecuteNonQueryAsync(ct);
            }

            await using var reload = new NpgsqlCommand("select pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The node's state as the monitor last heard it (primary, secondary, wait_primary, demoted...).</summary>
    public async Task<string?> StateOfAsync(string node)
    {
        var rows = await NodeStatesAsync();
        return rows.TryGetValue(node, out var state) ? state : null;
    }

    public async Task<IReadOnlyDictionary<string, string>> NodeStatesAsync()
    {
        var states = new Dictionary<string, string>();
        try
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={MonitorPort};Username=postgres;Database=pg_auto_failover;Timeout=2;Pooling=false");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select nodename, reportedstate::text from pgautofailover.node", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                states[reader.GetString(0)] = reader.GetString(1);
            }
        }
        catch (NpgsqlException)
        {
            // The monitor is busy or restarting: no answer this time.
        }

        return states;
    }

    /// <summary>A primary and two secondaries, as reported.</summary>
    public async Task<bool> HealthyAsync()
    {
        var states = (await NodeStatesAsync()).Values.ToList();
        return states.Count(s => s == "primary") == 1 && states.Count(s => s == "secondary") == 2;
    }

    /// <summary>The port of a node that accepts writes now, asking the nodes themselves (not the monitor), or null.</summary>
    public async Task<int?> WritablePortAsync()
    {
        foreach (var port in Ports)
        {
            try
            {
                await using var connection = new NpgsqlConnection(NodeConnectionString(port));
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("select current_setting('transaction_read_only') = 'off' and not pg_is_in_recovery()", connection);
                if ((bool)(await command.ExecuteScalarAsync())!)
                {
                    return port;
                }
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // Down, starting or shutting down.
            }
        }

        return null;
    }

    public string NodeAt(int port) => Nodes[Ports.ToList().IndexOf(port)];

    /// <summary>SIGKILL to the node's keeper and every process it started, and to its postmaster.</summary>
    public async Task KillAsync(string node)
    {
        var postmaster = File.ReadLines(Path.Combine(Data(node), "postmaster.pid")).First().Trim();
        var session = _running[node].Id;
        await Run(CancellationToken.None, "kill", "-KILL", "--", $"-{session}", postmaster);
        _running.Remove(node);
    }

    /// <summary>A clean stop, as an operator's <c>pg_autoctl stop</c>.</summary>
    public async Task StopAsync(string node, CancellationToken ct)
    {
        await AsPostgres(ct, "stop", "--pgdata", Data(node));
        if (_running.Remove(node, out var process))
        {
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        }
    }

    /// <summary>Starts a node again that was killed or stopped; it rejoins as a standby.</summary>
    public void Restart(string node) => Start(node, "run", "--pgdata", Data(node));

    public async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, string what, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < limit)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
            {
                last = e;
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}; nodes: "
            + string.Join(", ", (await NodeStatesAsync()).Select(s => $"{s.Key} {s.Value}")) + $"; last error: {last?.Message}\n{Logs()}");
    }

    private string Logs() => string.Join('\n', _running.Keys.Concat(Nodes).Distinct().Select(n => Path.Combine(_root, n + ".log")).Where(File.Exists)
        .Select(f => $"--- {Path.GetFileName(f)}\n" + string.Join('\n', File.ReadLines(f).TakeLast(15))));

    private void Start(string name, params string[] arguments)
    {
        var log = Path.Combine(_root, name + ".log");
        var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = false, RedirectStandardError = false, UseShellExecute = false };
        foreach (var argument in new[] { "sh", "-c", "exec \"$@\" >>" + log + " 2>&1", "sh" }.Concat(PostgresCommand(arguments)))
        {
            start.ArgumentList.Add(argument);
        }

        _running[name] = Process.Start(start)!;
    }

    private IEnumerable<string> PostgresCommand(IEnumerable<string> arguments) =>
        new[] { "runuser", "-u", "postgres", "--", "env", $"PATH={_binDir}:/usr/bin:/bin", $"XDG_CONFIG_HOME={_root}/config",
            $"XDG_DATA_HOME={_root}/share", "PG_AUTOCTL_DEBUG=0", "pg_autoctl" }.Concat(arguments);

    private Task AsPostgres(CancellationToken ct, params string[] arguments) => Run(ct, [.. PostgresCommand(arguments)]);

    private static async Task Run(CancellationToken ct, params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} exited {process.ExitCode}: {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process) in _running)
        {
            try
            {
                // The whole session: keeper, its services, and the postgres it started.
                await Run(CancellationToken.None, "kill", "-KILL", "--", $"-{process.Id}");
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        foreach (var node in Nodes.Append("monitor"))
        {
            var pidFile = Path.Combine(Data(node), "postmaster.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
            {
                try
                {
                    Process.GetProcessById(pid).Kill();
                }
                catch (ArgumentException)
                {
                    // Not running.
                }
            }
        }

        await Task.Delay(500);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A process was still writing; the temp folder is removed with the machine.
        }
    }
}
