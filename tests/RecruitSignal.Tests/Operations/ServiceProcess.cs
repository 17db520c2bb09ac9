using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Operations;

/// <summary>
/// The built service (RecruitSignal.Api.dll) run by <c>dotnet</c> as its own process, as in production:
/// a command that prints and exits, or a server on 127.0.0.1 whose output is kept, line by line.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public int Id => _process.Id;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public IReadOnlyList<string> Lines => _lines.ToList();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Settings every process of the tests gets unless overridden: production, a test key-encryption key.</summary>
    public static Dictionary<string, string?> Environment(string? connectionString) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ConnectionStrings__Postgres"] = connectionString,
        ["DataProtection__KeyEncryptionKey"] = ApiFactory.TestKeyEncryptionKey,
    };

    /// <summary>Runs a command to its end (at most a minute) and returns its exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(environment, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the server on a free port of 127.0.0.1 (plus <paramref name="extraUrls"/>) and waits until it is ready.</summary>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, params string[] extraUrls)
    {
        var port = FreePort();
        var urls = string.Join(';', [$"http://127.0.0.1:{port}", .. extraUrls]);
        var service = new ServiceProcess(Process.Start(StartInfo(environment, ["--urls", urls]))!, port);
        await service.WaitUntilReadyAsync();
        return service;
    }

    public async Task WaitUntilReadyAsync()
    {
        // A deadline, not a count of attempts: on a loaded machine one ready check can itself take seconds
        // (first request, JIT, migrations of the other replica), and a slow answer is not a failure yet.
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyWithin)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {_process.ExitCode}: {string.Join('\n', Lines)}");
            }

            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or too slow to answer this time
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The service was not ready within {ReadyWithin.TotalSeconds:0} s: {string.Join('\n', Lines)}");
    }

    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(90);

    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?> environment, IEnumerable<string> args)
    {
        // From another folder than the app's, which must not matter: the content root is the app's folder.
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
            || k.StartsWith("XApi__", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }
}
