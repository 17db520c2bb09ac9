using System.ComponentModel.DataAnnotations;

namespace RecruitSignal.Integrations;

/// <summary>
/// What every ATS adapter is configured with (environment: <c>{EnvironmentPrefix}__...</c>): the invitation's life, the result
/// loop's pace and retries, and the development-only escape from the SSRF guard. Each adapter adds where its results go.
/// </summary>
public abstract class AtsOptions : IValidatableObject
{
    /// <summary>The configuration section, also the prefix of every setting's environment variable.</summary>
    protected abstract string EnvironmentPrefix { get; }

    /// <summary>
    /// Development and tests only (<c>{EnvironmentPrefix}__AllowPrivateTargets</c>): lets results go over http and to loopback or
    /// private addresses, for a fake ATS on the same machine. Never in production.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Days the candidate's link works (<c>{EnvironmentPrefix}__InvitationDays</c>, 1 to 60).</summary>
    public int InvitationDays { get; set; } = 14;

    /// <summary>Run the result loop in this process (<c>{EnvironmentPrefix}__DispatcherEnabled</c>); tests drive it themselves.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often due results are looked for (<c>{EnvironmentPrefix}__PollInterval</c>).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for one call to the ATS (<c>{EnvironmentPrefix}__RequestTimeout</c>).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after a first failed attempt, doubling after each (<c>{EnvironmentPrefix}__FirstRetryDelay</c>).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts (<c>{EnvironmentPrefix}__MaxRetryDelay</c>).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after its first attempt a result is given up (<c>{EnvironmentPrefix}__RetryWindow</c>).</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromDays(3);

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (InvitationDays is < 1 or > 60)
        {
            yield return new ValidationResult($"{EnvironmentPrefix}__InvitationDays is from 1 to 60 (default 14).");
        }

        foreach (var (name, value, min, max, fallback) in new (string, TimeSpan, TimeSpan, TimeSpan, string)[]
        {
            ("PollInterval", PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10), "00:00:05"),
            ("RequestTimeout", RequestTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), "00:00:10"),
            ("FirstRetryDelay", FirstRetryDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1), "00:00:30"),
            ("MaxRetryDelay", MaxRetryDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1), "01:00:00"),
            ("RetryWindow", RetryWindow, TimeSpan.FromSeconds(1), TimeSpan.FromDays(14), "3.00:00:00"),
        })
        {
            if (value < min || value > max)
            {
                yield return new ValidationResult($"{EnvironmentPrefix}__{name} is from {min:c} to {max:c} (default {fallback}).");
            }
        }
    }

    /// <summary>A comma-separated list of host names, lower-cased.</summary>
    protected static IReadOnlyList<string> HostsOf(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(h => h.ToLowerInvariant()).ToList();

    protected static bool AreHostNames(IReadOnlyList<string> hosts) =>
        hosts.Count > 0 && hosts.All(h => Uri.CheckHostName(h) != UriHostNameType.Unknown);
}
