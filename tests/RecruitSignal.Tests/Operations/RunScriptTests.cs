using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RecruitSignal.Tests.Contract;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.Operations;

/// <summary>
/// scripts/run.sh as a process manager stops it: a SIGTERM to the script alone, not to its process group. Its
/// no-Docker path (DOCKER_HOST points nowhere), so it starts a throwaway PostgreSQL and the built service itself.
/// </summary>
public sealed partial class RunScriptTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SigtermToTheScriptAloneStopsTheServiceAndRemovesItsDatabase()
    {
        var port = ServiceProcess.FreePort();
        // Every process the script starts inherits this variable, so whatever is left afterwards is found by it.
        var mark = $"run-sh-test-{Guid.NewGuid():N}";
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryFiles.Root, "scripts", "run.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k == "PublicBaseUrl"
            // scripts/test.sh's own cluster: the script ignores it, and this keeps the suite's database safe should that break.
            || k.StartsWith("LOCAL_PG_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOCKER_HOST"] = "unix:///nonexistent/docker.sock";
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["RECRUITSIGNAL_RUN_SH_TEST"] = mark;
        // The script's `dotnet build` must not leave build servers behind, which would be counted as left over.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        var lines = new ConcurrentQueue<string>();
        using var script = Process.Start(start)!;
        script.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        script.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        try
        {
            await WaitUntilReadyAsync(port, script, lines);
            var dataDirectory = DataDirectory().Match(string.Join('\n', lines)).Groups["dir"].Value;
            var running = ProcessesMarked(mark);
            output.WriteLine($"running before SIGTERM: {running.Count} processes ({string.Join(", ", running.Select(p => p.Name))}), data in {dataDirectory}");

            using (var kill = Process.Start("kill", ["-TERM", script.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            var exited = script.WaitForExit(TimeSpan.FromSeconds(90));
            var left = ProcessesMarked(mark);
            output.WriteLine($"after SIGTERM: script {(exited ? $"exited with {script.ExitCode}" : "still running")}, {left.Count} processes left");

            Assert.True(exited, "The script was still running 90 s after SIGTERM:\n" + string.Join('\n', lines));
            Assert.Equal(143, script.ExitCode);
            Assert.Contains(running, p => p.Name.Contains("postgres", StringComparison.Ordinal));
            Assert.Contains(running, p => p.Name.Contains("dotnet", StringComparison.Ordinal) || p.Name.Contains("RecruitSignal", StringComparison.Ordinal));
            Assert.Empty(left);
            Assert.NotEmpty(dataDirectory);
            Assert.False(Directory.Exists(dataDirectory), $"The throwaway database {dataDirectory} is still there.");
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
            }

            foreach (var (id, _) in ProcessesMarked(mark))
            {
                try { Process.GetProcessById(id).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
            }
        }
    }

    /// <summary>The script builds, starts PostgreSQL, migrates and creates a tenant first: minutes on a loaded machine.</summary>
    private static async Task WaitUntilReadyAsync(int port, Process script, ConcurrentQueue<string> lines)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            Assert.False(script.HasExited, $"run.sh exited with {(script.HasExited ? script.ExitCode : 0)}:\n" + string.Join('\n', lines));
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(500);
        }

        Assert.Fail("The service of run.sh was not ready within 5 minutes:\n" + string.Join('\n', lines));
    }

    /// <summary>Live processes whose environment holds the mark, by id and command name.</summary>
    private static List<(int Id, string Name)> ProcessesMarked(string mark)
    {
        var found = new List<(int, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var id))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(directory, "environ"));
                if (environment.Contains(mark, StringComparison.Ordinal) && File.ReadAllText(Path.Combine(directory, "stat")) is var stat && !IsZombie(stat))
                {
                    found.Add((id, File.ReadAllText(Path.Combine(directory, "comm")).Trim()));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or not ours to read
            }
        }

        return found;
    }

    // /proc/PID/stat: "pid (comm) S ...", where S is the state; Z is a zombie, already ended, waiting to be reaped.
    private static bool IsZombie(string stat) => stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');

    [GeneratedRegex(@"\(data in (?<dir>[^)]+)\)")]
    private static partial Regex DataDirectory();
}
