using System.Diagnostics;

namespace RecruitSignal.Tests.Contract;

/// <summary>
/// The npm tools of tools/openapi (Spectral, Redocly, openapi-typescript, tsc), installed by <c>npm ci</c>
/// (scripts/test.sh and .ci/run do it). A missing tool fails the test that needs it with what to run.
/// </summary>
public static class NodeTools
{
    public static string Directory { get; } = RepositoryFiles.PathOf("tools/openapi");

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string tool, params string[] arguments)
    {
        var path = System.IO.Path.Combine(Directory, "node_modules", ".bin", tool);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{tool} is not installed: run 'npm ci --prefix tools/openapi' (scripts/test.sh does it).");
        }

        var start = new ProcessStartInfo(path) { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing leaves the machine: no telemetry, no update checks.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within 3 minutes.");
        }

        return (process.ExitCode, await output, await errors);
    }
}
