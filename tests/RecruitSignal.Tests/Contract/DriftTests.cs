using System.Diagnostics;

namespace RecruitSignal.Tests.Contract;

/// <summary>
/// The checked-in contract is the one the code describes: the OpenAPI document the build writes, and the C# client
/// NSwag generates from it. Either drifting fails with the command that brings them back in line.
/// </summary>
public sealed class DriftTests
{
    private const string Fix = "run scripts/regenerate-client.sh and commit the files it changes";

    [Fact]
    public void CheckedInDocumentIsTheOneTheBuildWrites()
    {
        var built = RepositoryFiles.PathOf("src/RecruitSignal.Api/obj/openapi/v1.json");
        var checkedIn = RepositoryFiles.PathOf("src/RecruitSignal.Api/openapi/v1.json");

        Assert.True(File.Exists(built), $"The build wrote no OpenAPI document at {built}.");
        AssertSame(File.ReadAllText(checkedIn), File.ReadAllText(built), "src/RecruitSignal.Api/openapi/v1.json");
    }

    [Fact]
    public async Task CheckedInClientIsGeneratedFromTheCheckedInDocument()
    {
        var output = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"recruitsignal-client-{Guid.NewGuid():N}.g.cs");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryFiles.PathOf("src/RecruitSignal.Client"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "nswag", "run", "nswag.json", $"/variables:Output={output}" },
        };
        using var nswag = Process.Start(start)!;
        var log = await nswag.StandardOutput.ReadToEndAsync() + await nswag.StandardError.ReadToEndAsync();
        await nswag.WaitForExitAsync();

        Assert.True(nswag.ExitCode == 0, $"NSwag failed (run 'dotnet tool restore' first):\n{log}");
        AssertSame(await File.ReadAllTextAsync(RepositoryFiles.PathOf("src/RecruitSignal.Client/RecruitSignalClient.g.cs")), await File.ReadAllTextAsync(output),
            "src/RecruitSignal.Client/RecruitSignalClient.g.cs");
    }

    private static void AssertSame(string checkedIn, string current, string file)
    {
        var (a, b) = (checkedIn.ReplaceLineEndings("\n").Split('\n'), current.ReplaceLineEndings("\n").Split('\n'));
        var line = Enumerable.Range(0, Math.Max(a.Length, b.Length)).FirstOrDefault(i => i >= a.Length || i >= b.Length || a[i] != b[i], -1);
        if (line >= 0)
        {
            Assert.Fail($"{file} differs from what the code produces (first at line {line + 1}: checked in "
                + $"'{(line < a.Length ? a[line].Trim() : "<end>")}', now '{(line < b.Length ? b[line].Trim() : "<end>")}'): {Fix}.");
        }
    }
}
