using System.ComponentModel.DataAnnotations;

namespace RecruitSignal.Presence.X;

/// <summary>
/// The X API v2 provider and the lookup worker (environment: <c>XApi__...</c>). Without a bearer token
/// the service runs on declared evidence only.
/// </summary>
public sealed class XApiOptions
{
    public const string Section = "XApi";

    /// <summary>Environment: <c>XApi__BaseUrl</c>.</summary>
    [Required(ErrorMessage = "Set XApi__BaseUrl to the X API's address, for example https://api.x.com.")]
    [Url(ErrorMessage = "XApi__BaseUrl must be an absolute http(s) URL such as https://api.x.com.")]
    public string BaseUrl { get; set; } = "https://api.x.com";

    /// <summary>The app-only bearer token (environment: <c>XApi__BearerToken</c>). Never logged or answered.</summary>
    [RegularExpression("^[A-Za-z0-9%._~+/=-]+$", ErrorMessage = "XApi__BearerToken has characters a bearer token cannot have; paste the token alone, without 'Bearer '.")]
    public string? BearerToken { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BearerToken);

    /// <summary>Days of activity read from the timeline (environment: <c>XApi__WindowDays</c>).</summary>
    [Range(7, 365, ErrorMessage = "XApi__WindowDays is from 7 to 365.")]
    public int WindowDays { get; set; } = 90;

    /// <summary>An x_api observation younger than this is reused within the tenant (environment: <c>XApi__ReuseObservationsFor</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00", ErrorMessage = "XApi__ReuseObservationsFor is a duration from 00:00:00 to 30.00:00:00.")]
    public TimeSpan ReuseObservationsFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Run the background worker in this process (environment: <c>XApi__WorkerEnabled</c>).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How long the worker sleeps when no job is due (environment: <c>XApi__PollInterval</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "XApi__PollInterval is a duration from 00:00:00.100 to 01:00:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Jobs claimed per round (environment: <c>XApi__BatchSize</c>).</summary>
    [Range(1, 100, ErrorMessage = "XApi__BatchSize is from 1 to 100.")]
    public int BatchSize { get; set; } = 10;

    /// <summary>Attempts before a job that keeps failing transiently is given up (environment: <c>XApi__MaxAttempts</c>).</summary>
    [Range(1, 20, ErrorMessage = "XApi__MaxAttempts is from 1 to 20.")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// X API reads each tenant may make per calendar month (UTC) unless the tenant has its own cap
    /// (<c>PUT /v1/settings/x-reads</c>); unset: no cap (environment: <c>XApi__MonthlyReadsPerTenant</c>).
    /// </summary>
    [Range(0, 100_000_000, ErrorMessage = "XApi__MonthlyReadsPerTenant is from 0 to 100000000, or unset for no cap.")]
    public int? MonthlyReadsPerTenant { get; set; }

    /// <summary>First delay between HTTP retries of a 5xx or a timeout, doubling each time (environment: <c>XApi__HttpRetryDelay</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "XApi__HttpRetryDelay is a duration from 00:00:00 to 00:01:00.")]
    public TimeSpan HttpRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
