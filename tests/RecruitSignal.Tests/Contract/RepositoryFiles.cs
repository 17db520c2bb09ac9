namespace RecruitSignal.Tests.Contract;

/// <summary>Files of the repository the tests read (the checked-in document, the README) and the results they leave.</summary>
public static class RepositoryFiles
{
    /// <summary>Where scripts/test.sh collects one-line reports to print at the end of a run.</summary>
    public const string ReportsVariable = "RECRUITSIGNAL_TEST_REPORTS";

    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>Writes a report beside the .trx files (TEST_RESULTS_DIR, else TestResults/), for people to read.</summary>
    public static void WriteResult(string name, IEnumerable<string> lines)
    {
        var directory = Environment.GetEnvironmentVariable("TEST_RESULTS_DIR") is { Length: > 0 } configured ? configured : PathOf("TestResults");
        Directory.CreateDirectory(directory);
        File.WriteAllLines(System.IO.Path.Combine(directory, name), lines);
    }

    /// <summary>A one-line report that scripts/test.sh prints before its summary (it names the folder in <see cref="ReportsVariable"/>).</summary>
    public static void Report(string name, string summary)
    {
        if (Environment.GetEnvironmentVariable(ReportsVariable) is { Length: > 0 } folder && Directory.Exists(folder))
        {
            File.WriteAllText(System.IO.Path.Combine(folder, name + ".report.txt"), summary + Environment.NewLine);
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "RecruitSignal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No RecruitSignal.sln above {AppContext.BaseDirectory}: the tests run from the repository.");
    }
}
