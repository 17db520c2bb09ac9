using System.ComponentModel.DataAnnotations;

namespace RecruitSignal.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Development only (environment: <c>Webhooks__AllowPrivateTargets</c>): lets subscriptions use http and
    /// loopback or private addresses, for a receiver on the same machine. Never set it in production.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Run the delivery loop (environment: <c>Webhooks__DispatcherEnabled</c>); tests drive it themselves.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often the dispatcher looks for due deliveries (environment: <c>Webhooks__PollInterval</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Webhooks__PollInterval must be from 00:00:00.010 to 00:10:00 (default 00:00:02).")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Deliveries claimed and sent at once (environment: <c>Webhooks__BatchSize</c>).</summary>
    [Range(1, 500, ErrorMessage = "Webhooks__BatchSize must be from 1 to 500 (default 50).")]
    public int BatchSize { get; set; } = 50;

    /// <summary>How long one delivery may take (environment: <c>Webhooks__RequestTimeout</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Webhooks__RequestTimeout must be from 00:00:01 to 00:01:00 (default 00:00:10).")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay after the first failure, doubled after each (environment: <c>Webhooks__FirstRetryDelay</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Webhooks__FirstRetryDelay must be from 00:00:00.010 to 01:00:00 (default 00:00:30).")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts (environment: <c>Webhooks__MaxRetryDelay</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Webhooks__MaxRetryDelay must be from 00:00:00.010 to 1.00:00:00 (default 04:00:00).")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(4);

    /// <summary>After this long without success a delivery is marked failed (environment: <c>Webhooks__RetryWindow</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Webhooks__RetryWindow must be from 00:00:01 to 7.00:00:00 (default 1.00:00:00).")]
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);
}
