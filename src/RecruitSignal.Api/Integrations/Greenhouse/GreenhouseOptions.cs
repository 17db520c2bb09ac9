using System.ComponentModel.DataAnnotations;

namespace RecruitSignal.Integrations.Greenhouse;

/// <summary>The Greenhouse Assessment Partner adapter (environment: <c>Greenhouse__...</c>).</summary>
public sealed class GreenhouseOptions : IValidatableObject
{
    public const string Section = "Greenhouse";

    /// <summary>
    /// The hosts a send_test <c>url</c> (where the PATCH goes) may name, comma-separated (environment:
    /// <c>Greenhouse__CallbackHosts</c>). Any other host is refused at send_test, before anything is written.
    /// </summary>
    public string CallbackHosts { get; set; } = "app.greenhouse.io,app.eu.greenhouse.io";

    /// <summary>
    /// Development and tests only (environment: <c>Greenhouse__AllowPrivateTargets</c>): lets the PATCH go over http
    /// and to loopback or private addresses, for a fake Greenhouse on the same machine. Never in production.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Days the candidate's link works (environment: <c>Greenhouse__InvitationDays</c>).</summary>
    [Range(1, 60, ErrorMessage = "Greenhouse__InvitationDays is from 1 to 60 (default 14).")]
    public int InvitationDays { get; set; } = 14;

    /// <summary>Run the PATCH loop in this process (environment: <c>Greenhouse__DispatcherEnabled</c>); tests drive it themselves.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often due PATCHes are looked for (environment: <c>Greenhouse__PollInterval</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Greenhouse__PollInterval is from 00:00:00.010 to 00:10:00 (default 00:00:05).")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for one PATCH (environment: <c>Greenhouse__RequestTimeout</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Greenhouse__RequestTimeout is from 00:00:01 to 00:01:00 (default 00:00:10).")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after a first failed PATCH, doubling after each (environment: <c>Greenhouse__FirstRetryDelay</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Greenhouse__FirstRetryDelay is from 00:00:00.010 to 01:00:00 (default 00:00:30).")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two PATCH attempts (environment: <c>Greenhouse__MaxRetryDelay</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Greenhouse__MaxRetryDelay is from 00:00:00.010 to 1.00:00:00 (default 01:00:00).")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after its first attempt a PATCH is given up (environment: <c>Greenhouse__RetryWindow</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "14.00:00:00", ErrorMessage = "Greenhouse__RetryWindow is from 00:00:01 to 14.00:00:00 (default 3.00:00:00).")]
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromDays(3);

    public IReadOnlyList<string> AllowedHosts =>
        CallbackHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(h => h.ToLowerInvariant()).ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AllowedHosts.Count == 0 || AllowedHosts.Any(h => Uri.CheckHostName(h) == UriHostNameType.Unknown))
        {
            yield return new ValidationResult("Greenhouse__CallbackHosts is a comma-separated list of host names, for example 'app.greenhouse.io,app.eu.greenhouse.io'.");
        }
    }
}
