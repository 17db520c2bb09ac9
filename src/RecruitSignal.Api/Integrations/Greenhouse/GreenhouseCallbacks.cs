using System.Diagnostics;
using System.Net.Http.Headers;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Infrastructure;
using RecruitSignal.Telemetry;
using RecruitSignal.Outbound;

namespace RecruitSignal.Integrations.Greenhouse;

/// <summary>
/// Sends the PATCH that tells Greenhouse a test is done, once per interview, with the Basic credential Greenhouse
/// used on send_test. The row is queued in the transaction that records the candidate's answer
/// (<see cref="EnqueueForInvitationSql"/>) and sent once that answer's assessment is final, so that the test_status
/// Greenhouse asks next says complete. The loop is the webhook dispatcher's: rows claimed with FOR UPDATE SKIP
/// LOCKED and leased by moving their next attempt forward (replicas share the queue, no lock is held during the
/// call), retried with doubling, jittered delays, given up after <c>Greenhouse__RetryWindow</c> from the first attempt.
/// The credential is cleared as soon as the PATCH succeeded or was given up.
/// </summary>
public sealed partial class GreenhouseCallbacks : PollingService
{
    /// <summary>Purpose of the Data Protection payloads holding the credential kept for the PATCH.</summary>
    public const string CredentialProtection = "RecruitSignal.Greenhouse.Credential.v1";

    /// <summary>A data-modifying CTE body for the answer's statement: needs <c>@tenantId</c>, <c>@id</c> (the invitation) and <c>@now</c>.</summary>
    public const string EnqueueForInvitationSql = """
        insert into greenhouse_callbacks (tenant_id, interview_id, status, attempts, next_attempt_at, created_at, updated_at)
        select tenant_id, id, 'pending', 0, @now, @now, @now from greenhouse_interviews where tenant_id = @tenantId and invitation_id = @id
        on conflict do nothing
        """;

    private const int BatchSize = 20;

    private const string ClaimSql = """
        with due as (
            select c.tenant_id, c.interview_id from greenhouse_callbacks c
            join greenhouse_interviews g on g.tenant_id = c.tenant_id and g.id = c.interview_id
            join candidate_invitations i on i.tenant_id = g.tenant_id and i.id = g.invitation_id
            join assessments a on a.tenant_id = i.tenant_id and a.id = i.assessment_id
            where c.status = 'pending' and c.next_attempt_at <= @now and a.status in ('completed', 'failed')
            order by c.next_attempt_at
            limit @batch
            for update of c skip locked
        )
        update greenhouse_callbacks c
        set attempts = c.attempts + 1, next_attempt_at = @leaseUntil, retry_until = coalesce(c.retry_until, @retryUntil), updated_at = @now
        from due, greenhouse_interviews g
        where c.tenant_id = due.tenant_id and c.interview_id = due.interview_id and g.tenant_id = c.tenant_id and g.id = c.interview_id
        returning c.tenant_id, c.interview_id, c.attempts as attempt, c.retry_until, g.url, g.protected_credential
        """;
    private const string RenewSql = """
        update greenhouse_callbacks set next_attempt_at = @leaseUntil
        where tenant_id = any(@tenantIds) and interview_id = any(@ids) and status = 'pending' and next_attempt_at = @heldUntil
        """;


    // Done either way: the credential goes with it.
    private const string RecordSql = """
        with interview as (
            update greenhouse_interviews set protected_credential = null
            where tenant_id = @TenantId and id = @InterviewId and @status <> 'pending'
        )
        update greenhouse_callbacks
        set status = @status, next_attempt_at = @nextAttemptAt, last_status_code = @statusCode, last_error = @error, updated_at = @now,
            succeeded_at = case when @status = 'succeeded' then @now end
        where tenant_id = @TenantId and interview_id = @InterviewId
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly GreenhouseOptions _options;
    private readonly IDataProtector _credentials;
    private readonly HttpClient _http;

    public GreenhouseCallbacks(
        NpgsqlDataSource dataSource, IOptions<GreenhouseOptions> options, IDataProtectionProvider protection, TargetGuard guard,
        TimeProvider clock, ILogger<GreenhouseCallbacks> logger)
        : base(clock, logger)
    {
        (_dataSource, _options, _credentials) = (dataSource, options.Value, protection.CreateProtector(CredentialProtection));
        var handler = guard.CreateHandler(_options.AllowPrivateTargets);
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        _http = new HttpClient(handler) { Timeout = _options.RequestTimeout };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("RecruitSignal-Greenhouse", "1"));
    }

    protected override bool Enabled => _options.DispatcherEnabled;

    protected override TimeSpan Interval => _options.PollInterval;

    protected override async Task PollAsync(CancellationToken ct)
    {
        while (await ProcessDueAsync(ct) == BatchSize)
        {
        }
    }

    /// <summary>Claims up to one batch of due PATCHes, sends them, records each outcome; returns how many were claimed.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        List<DueCallback> due;
        await using (var connection = await _dataSource.OpenConnectionAsync(ct))
        {
            due = (await connection.QueryAsync<DueCallback>(new CommandDefinition(ClaimSql, new
            {
                now, leaseUntil = now + Lease.Duration, retryUntil = now + _options.RetryWindow, batch = BatchSize,
            }, cancellationToken: ct))).ToList();
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var (tenantIds, ids) = (due.Select(c => c.TenantId).ToArray(), due.Select(c => c.InterviewId).ToArray());
        await using (Lease.KeepRenewed(_dataSource, RenewSql, now + Lease.Duration,
            (held, until) => new { tenantIds, ids, heldUntil = held, leaseUntil = until }, Clock, Logger))
        {
            await Task.WhenAll(due.Select(callback => SendAsync(callback, ct)));
        }
        return due.Count;
    }

    private async Task SendAsync(DueCallback callback, CancellationToken ct)
    {
        using var activity = Instruments.Source.StartActivity("greenhouse patch");
        activity?.SetTag("recruitsignal.greenhouse.interview.id", callback.InterviewId);
        int? statusCode = null;
        string? error = null;
        var clock = Stopwatch.StartNew();
        try
        {
            if (callback.ProtectedCredential is null)
            {
                error = "No credential is kept for this interview.";
            }
            else
            {
                using var request = new HttpRequestMessage(HttpMethod.Patch, callback.Url);
                request.Headers.TryAddWithoutValidation("Authorization", GreenhouseAuthentication.HeaderFor(_credentials.Unprotect(callback.ProtectedCredential)));
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                statusCode = (int)response.StatusCode;
                error = response.IsSuccessStatusCode ? null : $"Greenhouse answered {statusCode}.";
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Security.Cryptography.CryptographicException && !ct.IsCancellationRequested)
        {
            error = e switch
            {
                TaskCanceledException => $"No answer within {_options.RequestTimeout.TotalSeconds:0.#} s.",
                System.Security.Cryptography.CryptographicException => "The kept credential could not be read (Data Protection key ring).",
                _ => e.GetBaseException().Message is { Length: > 300 } message ? message[..300] : e.GetBaseException().Message,
            };
        }

        await RecordAsync(callback, statusCode, error, clock.Elapsed, ct);
    }

    private async Task RecordAsync(DueCallback callback, int? statusCode, string? error, TimeSpan took, CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        var next = now + Backoff.EqualJitter(_options.FirstRetryDelay, _options.MaxRetryDelay, callback.Attempt);
        var status = error is null ? "succeeded"
            : callback.ProtectedCredential is not null && next <= new DateTimeOffset(DateTime.SpecifyKind(callback.RetryUntil, DateTimeKind.Utc)) ? "pending"
            : "failed";
        Instruments.GreenhousePatch(status == "pending" ? "retrying" : status);
        if (status != "succeeded")
        {
            LogFailed(Logger, callback.InterviewId, callback.Attempt, statusCode, (int)took.TotalMilliseconds, status == "pending");
        }

        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(RecordSql, new
        {
            callback.TenantId, callback.InterviewId, status, statusCode, error, now, nextAttemptAt = status == "pending" ? next : now,
        }, cancellationToken: ct));
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PATCH of Greenhouse interview {InterviewId} failed on attempt {Attempt} (status {StatusCode}, {Milliseconds} ms); retried: {Retried}")]
    private static partial void LogFailed(ILogger logger, Guid interviewId, int attempt, int? statusCode, int milliseconds, bool retried);

    private sealed record DueCallback
    {
        public Guid TenantId { get; init; }
        public Guid InterviewId { get; init; }
        public int Attempt { get; init; }
        public DateTime RetryUntil { get; init; }
        public required string Url { get; init; }
        public string? ProtectedCredential { get; init; }
    }
}
