using System.ComponentModel.DataAnnotations;

namespace RecruitSignal.Idempotency;

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;

    /// <summary>How long an answer is replayed for its key (environment: <c>Idempotency__Retention</c>).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Idempotency__Retention must be from 00:01:00 to 30.00:00:00 (default 1.00:00:00).")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired keys are purged (environment: <c>Idempotency__PurgeInterval</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Idempotency__PurgeInterval must be from 00:00:01 to 1.00:00:00 (default 00:10:00).")]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Run the purge loop (environment: <c>Idempotency__PurgeEnabled</c>); tests call the purge themselves.</summary>
    public bool PurgeEnabled { get; set; } = true;
}
