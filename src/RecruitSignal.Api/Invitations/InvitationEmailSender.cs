using Dapper;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;
using RecruitSignal.CandidatePages;
using RecruitSignal.Infrastructure;
using RecruitSignal.Policies;
using RecruitSignal.Presence;
using RecruitSignal.Scoring;
using RecruitSignal.Telemetry;

namespace RecruitSignal.Invitations;

/// <summary>
/// Sends queued invitation emails, at least once. Rows are claimed with FOR UPDATE SKIP LOCKED and leased by moving
/// their next attempt forward, as the webhook dispatcher does, so replicas share the queue and a server that is down
/// loses nothing: the email waits and is retried with a doubling delay. The link is cleared from the row once sent,
/// given up, or no longer usable (the invitation was answered, cancelled or expired first).
/// </summary>
public sealed partial class InvitationEmailSender(
    NpgsqlDataSource dataSource, IOptions<SmtpOptions> options, IDataProtectionProvider protection, PolicyStore policies, TimeProvider clock,
    ILogger<InvitationEmailSender> logger)
    : PollingService(clock, logger)
{
    private const int BatchSize = 20;

    private const string ClaimSql = """
        with due as (
            select tenant_id, id from invitation_emails
            where status = 'pending' and next_attempt_at <= @now
            order by next_attempt_at
            limit @batch
            for update skip locked
        )
        update invitation_emails e
        set attempts = e.attempts + 1, next_attempt_at = @leaseUntil, updated_at = @now
        from due, candidate_invitations i, candidates c, tenants t
        where e.tenant_id = due.tenant_id and e.id = due.id
          and i.tenant_id = e.tenant_id and i.id = e.invitation_id
          and c.tenant_id = i.tenant_id and c.id = i.candidate_id
          and t.id = e.tenant_id
        returning e.tenant_id, e.id, e.recipient, e.protected_link, e.attempts, i.language, i.expires_at, i.policy_version,
            (i.status in ('pending', 'opened') and i.expires_at > @now) as usable, t.name as employer, c.full_name as candidate_name
        """;
    private const string RenewSql = """
        update invitation_emails set next_attempt_at = @leaseUntil
        where tenant_id = any(@tenantIds) and id = any(@ids) and status = 'pending' and next_attempt_at = @heldUntil
        """;


    private const string RecordSql = """
        update invitation_emails
        set status = @status, next_attempt_at = @nextAttemptAt, last_error = @error, updated_at = @now,
            sent_at = case when @status = 'sent' then @now else sent_at end,
            protected_link = case when @status = 'pending' then protected_link end
        where tenant_id = @TenantId and id = @Id
        """;

    protected override bool Enabled => options.Value.SenderEnabled && options.Value.IsConfigured;

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override async Task PollAsync(CancellationToken ct)
    {
        while (await ProcessDueAsync(ct) == BatchSize)
        {
        }
    }

    /// <summary>Claims up to one batch of due emails, sends them one SMTP session at a time, records each outcome; returns how many.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        List<DueEmail> due;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            due = (await connection.QueryAsync<DueEmail>(new CommandDefinition(ClaimSql, new
            {
                now, leaseUntil = now + Lease.Duration, batch = BatchSize,
            }, cancellationToken: ct))).ToList();
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var (tenantIds, ids) = (due.Select(e => e.TenantId).ToArray(), due.Select(e => e.Id).ToArray());
        await using (Lease.KeepRenewed(dataSource, RenewSql, now + Lease.Duration,
            (held, until) => new { tenantIds, ids, heldUntil = held, leaseUntil = until }, Clock, Logger))
        {
            foreach (var email in due)
            {
                var (status, error) = email.Usable ? await SendAsync(email, ct) : ("cancelled", null);
                await RecordAsync(email, status, error, ct);
            }
        }

        return due.Count;
    }

    private async Task<(string Status, string? Error)> SendAsync(DueEmail email, CancellationToken ct)
    {
        var settings = options.Value;
        try
        {
            var link = protection.CreateProtector(InvitationService.LinkProtection).Unprotect(email.ProtectedLink);
            // The email names the networks the page will ask about: the invitation's policy, resolved as the page resolves it.
            var networks = Networks.ReadBy(await policies.ResolveAsync(email.TenantId, email.PolicyVersion, ct) ?? ScoringPolicy.Default);
            var message = InvitationEmail.Compose(MailboxAddress.Parse(settings.From!), email.Recipient, Texts.Of(email.Language),
                email.Employer, email.CandidateName, networks, link, Utc(email.ExpiresAt));
            using var smtp = new SmtpClient { Timeout = 30_000 };
            await smtp.ConnectAsync(settings.Host!, settings.Port, settings.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await smtp.AuthenticateAsync(settings.UserName, settings.Password!, ct);
            }

            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(quit: true, ct);
            Instruments.EmailSent(accepted: true);
            return ("sent", null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The message names the failure only: never the link, the recipient or a credential.
            var error = $"{e.GetType().Name}: the SMTP server could not take the email.";
            LogFailed(Logger, email.Id, email.Attempts, e.GetType().Name);
            Instruments.EmailSent(accepted: false);
            return (email.Attempts >= settings.MaxAttempts ? "failed" : "pending", error);
        }
    }

    private async Task RecordAsync(DueEmail email, string status, string? error, CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        var delay = options.Value.FirstRetryDelay * Math.Pow(2, Math.Min(email.Attempts - 1, 12));
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(RecordSql, new
        {
            email.TenantId, email.Id, status, error, now, nextAttemptAt = status == "pending" ? now + delay : now,
        }, cancellationToken: ct));
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invitation email {EmailId} failed on attempt {Attempt} ({Failure}); it will be retried")]
    private static partial void LogFailed(ILogger logger, Guid emailId, int attempt, string failure);

    private sealed record DueEmail
    {
        public Guid TenantId { get; init; }
        public Guid Id { get; init; }
        public required string Recipient { get; init; }
        public required string ProtectedLink { get; init; }
        public int Attempts { get; init; }
        public required string Language { get; init; }
        public DateTime ExpiresAt { get; init; }
        public string? PolicyVersion { get; init; }
        public bool Usable { get; init; }
        public required string Employer { get; init; }
        public string? CandidateName { get; init; }
    }
}
