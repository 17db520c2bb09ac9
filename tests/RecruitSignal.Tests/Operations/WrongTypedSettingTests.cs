using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tests.Contract;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.Operations;

/// <summary>
/// Every setting of the README's configuration table given a value of the wrong type: refused before anything starts,
/// in one line that names it, its value and what it takes, never with a stack trace. Each is tried through the check
/// Program.cs runs first; a few run the real process, the service and each command, since one process start per
/// setting would take minutes on a loaded machine.
/// </summary>
public sealed partial class WrongTypedSettingTests(ITestOutputHelper output)
{
    private enum Kind { Duration, Boolean, Number, Text }

    /// <summary>Typed settings whose README default is "unset", so the default does not show their kind.</summary>
    private static readonly Dictionary<string, Kind> UnsetButTyped = new(StringComparer.Ordinal)
    {
        ["Telemetry__MetricsPort"] = Kind.Number,
        ["XApi__MonthlyReadsPerTenant"] = Kind.Number,
    };

    private static readonly Dictionary<Kind, (string Value, string Expected)> WrongValues = new()
    {
        [Kind.Duration] = ("true", "a duration such as 00:00:30"),
        [Kind.Boolean] = ("sometimes", "true or false"),
        [Kind.Number] = ("true", "number"),
        [Kind.Text] = ("true", ""),
    };

    [Fact]
    public async Task EverySettingOfTheReadmeWithAWrongTypedValueIsRefusedInOneLine()
    {
        var settings = ReadmeSettings();
        var typed = settings.Where(s => s.Kind != Kind.Text).ToList();

        foreach (var (name, kind) in settings)
        {
            var (value, expected) = WrongValues[kind];
            var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(name.Replace("__", ":", StringComparison.Ordinal), value)]).Build();
            var refusal = Record.Exception(() => { CommandLine.RefuseWrongTypedSettings(configuration); });
            if (kind == Kind.Text)
            {
                Assert.Null(refusal); // text takes any value; what it must look like is each option's own validation
                continue;
            }

            Assert.NotNull(refusal);
            Assert.StartsWith($"Cannot start: {name} is '{value}', which is not ", refusal.Message, StringComparison.Ordinal);
            Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', refusal.Message);
        }

        // The real process: the service and each command, each with another wrong-typed setting, two at a time.
        var runs = new[] { Array.Empty<string>(), ["migrate"], ["tenants", "list"], ["keys", "list", "--tenant", "acme"], ["audit", "verify"] }
            .Select((args, i) => (Args: args, Setting: typed[i * typed.Count / 5])).ToList();
        using var turns = new SemaphoreSlim(2);
        var results = await Task.WhenAll(runs.Select(async run =>
        {
            await turns.WaitAsync();
            try
            {
                var environment = ServiceProcess.Environment("Host=127.0.0.1;Port=1;Database=none;Username=none");
                environment[run.Setting.Name] = WrongValues[run.Setting.Kind].Value;
                return (run, await ServiceProcess.RunAsync(environment, run.Args));
            }
            finally
            {
                turns.Release();
            }
        }));
        foreach (var ((args, (name, kind)), (exitCode, stdout, stderr)) in results)
        {
            output.WriteLine($"'{string.Join(' ', args)}' with {name}={WrongValues[kind].Value}: exit {exitCode}, {stderr.Trim()}");
            Assert.Equal(1, exitCode);
            Assert.Equal("", stdout);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith($"Cannot start: {name} is '{WrongValues[kind].Value}', which is not ", line, StringComparison.Ordinal);
        }

        var summary = $"wrong-typed settings: {settings.Count} settings of the README tried, {typed.Count} typed refused in one line "
            + $"({runs.Count} of them by the real process: the service and every command), {settings.Count - typed.Count} text settings accept any value";
        output.WriteLine(summary);
        RepositoryFiles.Report("settings", summary);
        Assert.True(typed.Count >= 40, $"Only {typed.Count} typed settings were read from the README's table.");
    }

    [Theory]
    [InlineData("0x1000000", null)]
    [InlineData("1000000", null)]
    [InlineData("0X20000000", null)]
    [InlineData("0x100000", null)]
    [InlineData("", null)] // empty is unset, for the runtime too
    [InlineData("16MB", "which is not a hexadecimal number of bytes; the runtime would read only its leading digits, 0x16 (22 bytes): write it in hexadecimal")]
    [InlineData("0x10 MiB", "the runtime would read only its leading digits, 0x10 (16 bytes)")]
    [InlineData("none", "which is not a hexadecimal number of bytes; the runtime would not read it as a number")]
    [InlineData("0x", "the runtime would not read it as a number")]
    [InlineData("-1", "the runtime would not read it as a number")]
    [InlineData("0x10000000000000000", "the runtime would not read it as a number")]
    [InlineData("16", "a budget of 22 bytes, under 1,048,576 (0x100000), below which the GC collects every few allocations")]
    [InlineData("0xFFFFF", "a budget of 1,048,575 bytes, under 1,048,576")]
    public void ARuntimeSettingTheRuntimeWouldNotReadAsMeantIsRefused(string value, string? expected)
    {
        var problem = RuntimeSettings.Problem(name => name == "DOTNET_GCGen0MaxBudget" ? value : null);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.StartsWith($"Cannot start: DOTNET_GCGen0MaxBudget is '{value}', ", problem, StringComparison.Ordinal);
            Assert.Contains(expected, problem, StringComparison.Ordinal);
            Assert.EndsWith("such as 0x1000000 (16 MiB).", problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheOlderComPlusSpellingIsCheckedToo()
    {
        var problem = RuntimeSettings.Problem(name => name == "COMPlus_GCGen0MaxBudget" ? "16MB" : null);

        Assert.StartsWith("Cannot start: COMPlus_GCGen0MaxBudget is '16MB', ", problem, StringComparison.Ordinal);
    }

    /// <summary>
    /// The real process, with a budget the runtime ignores. A typo the runtime does read, such as 16MB (0x16 bytes), is
    /// refused in the same line, but only once the runtime has started on that budget: about a minute on a loaded machine,
    /// which is why this test does not start the process with it.
    /// </summary>
    [Fact]
    public async Task TheServiceStartedWithAnUnreadableGcBudgetSaysSoInOneLine()
    {
        var environment = ServiceProcess.Environment("Host=127.0.0.1;Port=1;Database=none;Username=none");
        environment["DOTNET_GCGen0MaxBudget"] = "none";

        var (exitCode, stdout, stderr) = await ServiceProcess.RunAsync(environment, "migrate");

        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Cannot start: DOTNET_GCGen0MaxBudget is 'none', which is not a hexadecimal number of bytes", line, StringComparison.Ordinal);
    }

    /// <summary>The service's settings of the README's table, the kind of each read from its default; tests-only, OTEL_* and --urls left out.</summary>
    private static List<(string Name, Kind Kind)> ReadmeSettings()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        var section = readme[readme.IndexOf("## Configuration", StringComparison.Ordinal)..];
        var table = section[..section.IndexOf("\n\n", section.IndexOf("|--", StringComparison.Ordinal), StringComparison.Ordinal)];
        var settings = new List<(string, Kind)>();
        foreach (Match row in Row().Matches(table))
        {
            var names = Code().Matches(row.Groups["names"].Value).Select(m => m.Groups[1].Value).Where(n => n.Contains("__", StringComparison.Ordinal)).ToList();
            // "`00:00:30`, `04:00:00`" or "unset, `587`": one default per name, in order; "unset" or plain words say no kind.
            var defaults = row.Groups["defaults"].Value.Split(", ").Select(part => Code().Match(part) is { Success: true } code ? code.Groups[1].Value : "").ToList();
            for (var i = 0; i < names.Count; i++)
            {
                var kind = UnsetButTyped.TryGetValue(names[i], out var known) ? known
                    : defaults.Count == names.Count ? KindOf(defaults[i]) : Kind.Text;
                settings.Add((names[i], kind));
            }
        }

        return settings;
    }

    private static Kind KindOf(string value) => value switch
    {
        "true" or "false" => Kind.Boolean,
        _ when Duration().IsMatch(value) => Kind.Duration,
        _ when value.Length > 0 && value.All(char.IsAsciiDigit) => Kind.Number,
        _ => Kind.Text,
    };

    [GeneratedRegex(@"^\| (?<names>`[^|]+) \| [^|]+ \| (?<defaults>[^|]*) \|$", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"^(\d+\.)?\d{2}:\d{2}:\d{2}(\.\d+)?$")]
    private static partial Regex Duration();
}
