using System.ComponentModel.DataAnnotations;

namespace RecruitSignal.Invitations;

/// <summary>
/// The SMTP server invitation emails go through (environment: <c>Smtp__...</c>). Without a host no email is sent:
/// invitations answer their link for the ATS to pass on.
/// </summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Smtp";

    /// <summary>Environment: <c>Smtp__Host</c>; unset = no email.</summary>
    public string? Host { get; set; }

    /// <summary>Environment: <c>Smtp__Port</c>.</summary>
    [Range(1, 65535, ErrorMessage = "Smtp__Port is a TCP port, 1 to 65535 (default 587).")]
    public int Port { get; set; } = 587;

    /// <summary>The sender, e.g. <c>RecruitSignal &lt;no-reply@example.com&gt;</c> (environment: <c>Smtp__From</c>).</summary>
    public string? From { get; set; }

    /// <summary>Environment: <c>Smtp__UserName</c>; unset = no authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>Environment: <c>Smtp__Password</c>. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Require STARTTLS before sending (environment: <c>Smtp__StartTls</c>); false only for a local relay.</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>Run the sending loop in this process (environment: <c>Smtp__SenderEnabled</c>).</summary>
    public bool SenderEnabled { get; set; } = true;

    /// <summary>How often queued emails are looked for (environment: <c>Smtp__PollInterval</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Smtp__PollInterval is from 00:00:00.010 to 00:10:00 (default 00:00:05).")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait after a first failed attempt, doubling after each (environment: <c>Smtp__FirstRetryDelay</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Smtp__FirstRetryDelay is from 00:00:00.010 to 01:00:00 (default 00:00:30).")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts before an email is given up (environment: <c>Smtp__MaxAttempts</c>).</summary>
    [Range(1, 50, ErrorMessage = "Smtp__MaxAttempts is from 1 to 50 (default 12).")]
    public int MaxAttempts { get; set; } = 12;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsConfigured && !MimeKit.MailboxAddress.TryParse(From ?? "", out _))
        {
            yield return new ValidationResult("Smtp__From must be the sender's address (e.g. 'RecruitSignal <no-reply@example.com>') when Smtp__Host is set.");
        }

        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Set both Smtp__UserName and Smtp__Password, or neither.");
        }
    }
}
