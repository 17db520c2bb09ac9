using System.Globalization;
using System.Text.RegularExpressions;

namespace RecruitSignal;

/// <summary>The <c>--name value</c> options of a command; anything else is a usage error.</summary>
public sealed partial class CommandOptions
{
    private readonly Dictionary<string, string> _values;

    private CommandOptions(Dictionary<string, string> values) => _values = values;

    /// <exception cref="CommandLineException">An option is unknown, repeated or has no value.</exception>
    public static CommandOptions Parse(IReadOnlyList<string> args, params string[] allowed)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i];
            if (!allowed.Contains(name))
            {
                throw new CommandLineException($"Unknown option '{name}'; this command takes {string.Join(", ", allowed)}.");
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(args[i + 1]))
            {
                throw new CommandLineException($"The option {name} needs a value.");
            }

            if (!values.TryAdd(name, args[i + 1].Trim()))
            {
                throw new CommandLineException($"The option {name} is given twice.");
            }
        }

        return new CommandOptions(values);
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => Get(name) ?? throw new CommandLineException($"The option {name} is required.");

    /// <summary><c>30m</c>, <c>24h</c>, <c>90d</c> or a TimeSpan (<c>1.00:00:00</c>); null when the option is absent.</summary>
    public TimeSpan? Duration(string name)
    {
        if (Get(name) is not { } text)
        {
            return null;
        }

        var match = ShortDuration().Match(text);
        var duration = match.Success
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * match.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                _ => TimeSpan.FromDays(1),
            }
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) ? parsed : (TimeSpan?)null;
        return duration is { } d && d >= TimeSpan.Zero && d <= TimeSpan.FromDays(3650)
            ? d
            : throw new CommandLineException($"{name} takes a duration such as 30m, 24h or 90d (at most 3650d), not '{text}'.");
    }

    [GeneratedRegex("^([0-9]{1,6})([mhd])$")]
    private static partial Regex ShortDuration();
}

/// <summary>The command line is wrong: the usage is printed, exit code 2.</summary>
public sealed class CommandLineException(string message) : Exception(message);

/// <summary>The command was understood but cannot be done (an unknown tenant, a taken name): exit code 1.</summary>
public sealed class CommandFailedException(string message) : Exception(message);
