using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Npgsql;

namespace RecruitSignal.Tests.Failover;

/// <summary>
/// The README's supported topology on loopback, from Debian's packages: one etcd member and three PostgreSQL nodes,
/// each run by Patroni, in strict synchronous mode (a primary never accepts a write that no standby has). Patroni
/// runs as the <c>postgres</c> user through runuser (PostgreSQL refuses root); etcd runs as the test.
/// </summary>
public sealed class PatroniCluster : IAsyncDisposable
{
    // Failure detection, tightened from Patroni's defaults (ttl 30 s, loop 10 s, retry 10 s) so that the test
    // measures the service rather than Patroni's patience; loop_wait + 2 x retry_timeout must stay under ttl.
    private const int Ttl = 10;
    private const int LoopWait = 1;
    private const int RetryTimeout = 4;

    private static readonly HttpClient Rest = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly string _root;
    private readonly int _etcdPort;
    private readonly int _etcdPeerPort;
    private readonly IReadOnlyList<int> _restPorts;
    private readonly Dictionary<string, Process> _running = [];

    private PatroniCluster(string root, int etcdPort, int etcdPeerPort, IReadOnlyList<int> ports, IReadOnlyList<int> restPorts) =>
        (_root, _etcdPort, _etcdPeerPort, Ports, _restPorts) = (root, etcdPort, etcdPeerPort, ports, restPorts);

    /// <summary>The nodes' PostgreSQL ports, node1 first.</summary>
    public IReadOnlyList<int> Ports { get; }

    public static IReadOnlyList<string> Nodes { get; } = ["node1", "node2", "node3"];

    /// <summary>The service's connection string: every node, and only a writable one will do.</summary>
    public string ConnectionString =>
        $"Host={string.Join(',', Ports.Select(p => $"127.0.0.1:{p}"))};Username=postgres;Database=postgres;"
        + "Target Session Attributes=read-write;Timeout=3;Command Timeout=20";

    public static string NodeConnectionString(int port) => $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=2;Pooling=false";

    /// <summary>The reason the cluster cannot run here, or null.</summary>
    public static string? Unavailable()
    {
        if (!File.Exists("/usr/bin/patroni") || !File.Exists("/usr/bin/etcd"))
        {
            return "patroni or etcd is missing: apt-get install -y patroni etcd-server (.ci/run installs them)";
        }

        return Environment.UserName == "root" || Environment.UserName == "postgres"
            ? null
            : "the failover test runs Patroni as the postgres user through runuser, which needs root";
    }

    /// <summary>
    /// Starts the cluster, once more on new ports and a new directory if the first attempt does not come up: the ports
    /// are picked before the processes bind them, and another test's server may take one in between (seen once in ten
    /// runs as a first node stuck in "bootstrap in progress"). A second failure is the test's failure, with the logs.
    /// </summary>
    public static async Task<PatroniCluster> StartAsync(CancellationToken ct)
    {
        try
        {
            return await StartOnceAsync(ct);
        }
        catch (TimeoutException first)
        {
            Console.Error.WriteLine($"[failover] the cluster did not come up, starting it again on new ports: {first.Message}");
            return await StartOnceAsync(ct);
        }
    }

    private static async Task<PatroniCluster> StartOnceAsync(CancellationToken ct)
    {
        var root = Directory.CreateTempSubdirectory("recruitsignal-failover-").FullName;
        var cluster = new PatroniCluster(root, FreePort(), FreePort(), [FreePort(), FreePort(), FreePort()], [FreePort(), FreePort(), FreePort()]);
        try
        {
            await Run(ct, "chown", "postgres", root);
            cluster.StartEtcd();
            foreach (var node in Nodes)
            {
                await File.WriteAllTextAsync(cluster.Config(node), cluster.PatroniYaml(node), ct);
                await Run(ct, "chown", "postgres", cluster.Config(node));
                cluster.Restart(node);
                // One at a time: the first bootstraps the cluster, the others clone it.
                await cluster.WaitForAsync(async () => (await cluster.NodeStatesAsync()).GetValueOrDefault(node) is "leader" or "sync_standby" or "replica",
                    TimeSpan.FromSeconds(90), $"{node} to join", ct);
            }

            await cluster.WaitForAsync(cluster.HealthyAsync, TimeSpan.FromSeconds(90), "a leader, a synchronous standby and a replica", ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private string Config(string node) => Path.Combine(_root, node + ".yml");

    private int PortOf(string node) => Ports[Nodes.ToList().IndexOf(node)];

    private int RestPortOf(string node) => _restPorts[Nodes.ToList().IndexOf(node)];

    private string PatroniYaml(string node) => string.Create(CultureInfo.InvariantCulture, $"""
        scope: recruitsignal
        name: {node}
        restapi:
          listen: 127.0.0.1:{RestPortOf(node)}
          connect_address: 127.0.0.1:{RestPortOf(node)}
        etcd3:
          hosts: 127.0.0.1:{_etcdPort}
        bootstrap:
          dcs:
            ttl: {Ttl}
            loop_wait: {LoopWait}
            retry_timeout: {RetryTimeout}
            synchronous_mode: true
            synchronous_mode_strict: true
            postgresql:
              use_pg_rewind: true
              parameters:
                wal_log_hints: "on"
          initdb:
          - encoding: UTF8
          - auth: trust
        postgresql:
          listen: 127.0.0.1:{PortOf(node)}
          connect_address: 127.0.0.1:{PortOf(node)}
          data_dir: {Path.Combine(_root, node)}
          bin_dir: {BinDir()}
          pgpass: {Path.Combine(_root, node + ".pgpass")}
          pg_hba:
          - local all all trust
          - host replication all 127.0.0.1/32 trust
          - host all all 127.0.0.1/32 trust
          authentication:
            replication:
              username: postgres
            superuser:
              username: postgres
          parameters:
            unix_socket_directories: {_root}
        """);

    private static string BinDir() => Directory.GetDirectories("/usr/lib/postgresql")
        .Select(d => Path.Combine(d, "bin"))
        .Where(d => File.Exists(Path.Combine(d, "postgres")))
        .Order(StringComparer.Ordinal).Last();

    private void StartEtcd() => Start("etcd", [
        "etcd", "--name", "etcd1", "--data-dir", Path.Combine(_root, "etcd"),
        "--listen-client-urls", $"http://127.0.0.1:{_etcdPort}", "--advertise-client-urls", $"http://127.0.0.1:{_etcdPort}",
        "--listen-peer-urls", $"http://127.0.0.1:{_etcdPeerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{_etcdPeerPort}",
        "--initial-cluster", $"etcd1=http://127.0.0.1:{_etcdPeerPort}"]);

    /// <summary>Each running member's role as Patroni's REST API reports it (leader, sync_standby, replica), asking any node that answers.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NodeStatesAsync()
    {
        foreach (var port in _restPorts)
        {
            try
            {
                var cluster = JsonNode.Parse(await Rest.GetStringAsync($"http://127.0.0.1:{port}/cluster"))!;
                return cluster["members"]!.AsArray()
                    .Where(m => (string?)m!["state"] is "running" or "streaming")
                    .ToDictionary(m => (string)m!["name"]!, m => (string)m!["role"]!);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                // That node's Patroni is down or busy: ask another.
            }
        }

        return new Dictionary<string, string>();
    }

    /// <summary>A leader, its synchronous standby and a replica, all running.</summary>
    public async Task<bool> HealthyAsync()
    {
        var roles = (await NodeStatesAsync()).Values.ToList();
        return roles.Count == 3 && roles.Count(r => r == "leader") == 1 && roles.Count(r => r == "sync_standby") == 1;
    }

    /// <summary>
    /// The port of a node that can commit a write now, asking the nodes themselves (not Patroni), or null: out of
    /// recovery, read-write, and (strict synchronous mode) with a synchronous standby streaming, without which its
    /// commits wait.
    /// </summary>
    public Task<int?> WritablePortAsync() => FirstPortAsync(
        "select current_setting('transaction_read_only') = 'off' and not pg_is_in_recovery() and exists (select from pg_stat_replication where sync_state = 'sync')");

    /// <summary>The port of a node out of recovery and read-write, whether or not a standby follows it yet, or null.</summary>
    public Task<int?> PromotedPortAsync() => FirstPortAsync(
        "select current_setting('transaction_read_only') = 'off' and not pg_is_in_recovery()");

    private async Task<int?> FirstPortAsync(string sql)
    {
        foreach (var port in Ports)
        {
            if (await AskAsync(port, sql))
            {
                return port;
            }
        }

        return null;
    }

    /// <summary>
    /// The nodes that accept writes now with synchronous replication off (<c>synchronous_standby_names</c> empty):
    /// a lone primary, whose commits exist on one node only. The README's guarantee says this never happens.
    /// </summary>
    public async Task<IReadOnlyList<string>> LonePrimariesAsync()
    {
        var lone = new List<string>();
        foreach (var port in Ports)
        {
            if (await AskAsync(port, "select current_setting('transaction_read_only') = 'off' and not pg_is_in_recovery() and current_setting('synchronous_standby_names') = ''"))
            {
                lone.Add(NodeAt(port));
            }
        }

        return lone;
    }

    private static async Task<bool> AskAsync(int port, string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(NodeConnectionString(port));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return (bool)(await command.ExecuteScalarAsync())!;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false; // down, starting or shutting down
        }
    }

    public string NodeAt(int port) => Nodes[Ports.ToList().IndexOf(port)];

    /// <summary>SIGKILL to the node's Patroni (its whole session) and to its postmaster: the machine died.</summary>
    public async Task KillAsync(string node)
    {
        var postmaster = File.ReadLines(Path.Combine(_root, node, "postmaster.pid")).First().Trim();
        var session = _running[node].Id;
        await Run(CancellationToken.None, "kill", "-KILL", "--", $"-{session}", postmaster);
        _running.Remove(node);
    }

    /// <summary>A clean stop, as an operator's <c>systemctl stop patroni</c>: SIGTERM to Patroni, which stops PostgreSQL first.</summary>
    public async Task StopAsync(string node, CancellationToken ct)
    {
        // The Python process only: runuser, its parent, would answer a TERM with a KILL two seconds later.
        await Run(ct, "pkill", "-TERM", "-f", $"^/usr/bin/python3 /usr/bin/patroni {Config(node)}$");
        if (_running.Remove(node, out var process))
        {
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        }
    }

    /// <summary>Starts a node's Patroni; a node that was killed or stopped rejoins as a standby (pg_rewind if it must).</summary>
    public void Restart(string node) =>
        Start(node, ["runuser", "-u", "postgres", "--", "env", "PATH=/usr/bin:/bin", "patroni", Config(node)]);

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

        throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}; members: "
            + string.Join(", ", (await NodeStatesAsync()).Select(s => $"{s.Key} {s.Value}")) + $"; last error: {last?.Message}\n{Logs()}");
    }

    private string Logs() => string.Join('\n', Nodes.Append("etcd").Select(n => Path.Combine(_root, n + ".log")).Where(File.Exists)
        .Select(f => $"--- {Path.GetFileName(f)}\n" + string.Join('\n', File.ReadLines(f).TakeLast(40))));

    /// <summary>Starts a command in a session of its own (so that a kill reaches everything it started), logging to its file.</summary>
    private void Start(string name, IEnumerable<string> command)
    {
        var log = Path.Combine(_root, name + ".log");
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "sh", "-c", "exec \"$@\" >>" + log + " 2>&1", "sh" }.Concat(command))
        {
            start.ArgumentList.Add(argument);
        }

        _running[name] = Process.Start(start)!;
    }

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
        // Patroni first (a living Patroni restarts the PostgreSQL it runs), then every postmaster, etcd last.
        foreach (var name in _running.Keys.OrderBy(n => n == "etcd").ToList())
        {
            try
            {
                await Run(CancellationToken.None, "kill", "-KILL", "--", $"-{_running[name].Id}");
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        foreach (var node in Nodes)
        {
            var pidFile = Path.Combine(_root, node, "postmaster.pid");
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
