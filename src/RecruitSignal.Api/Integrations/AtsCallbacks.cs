using System.Diagnostics;
using System.Net.Http.Headers;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using RecruitSignal.Infrastructure;
using RecruitSignal.Outbound;
using RecruitSignal.Telemetry;

namespace RecruitSignal.Integrations;

/// <summary>A result due to an ATS, with the credential to send it with.</summary>
public sealed record DueCallback
{
    public Guid TenantId { get; init; }
    public Guid OrderId { get; init; }
    public int Attempt { get; init; }
    public DateTime RetryUntil { get; init; }
    public required string CallbackUrl { get; init; }
    public string? ProtectedCredential { get; init; }
}

/// <summary>
/// The result outbox of one ATS: tells it, once per order, that the candidate is done (or that the order was cancelled,
/// for an ATS that wants to hear it). The row is queued in the transaction that records the candidate's answer
/// (<see cref="EnqueueForInvitationSql"/>) and sent once that answer's assessment is final. Rows are claimed with FOR
/// UPDATE SKIP LOCKED and leased by moving their next attempt forward (<see cref="Infrastructure.Lease"/>: short,
/// renewed while sending, so a result claimed just before a failover is due again within seconds; replicas share the
/// queue, no lock is held during the call), retried with doubling, jittered delays, given up after the adapter's retry window from the first attempt.
/// The credential is cleared as soon as the result was delivered or given up. What is sent is the adapter's
/// (<see cref="RequestAsync"/>).
/// </summary>
public abstract partial class AtsCallbacks : PollingService
{
    /// <summary>A data-modifying CTE body for the answer's statement: needs <c>@tenantId</c>, <c>@id</c> (the invitation) and <c>@now</c>.</summary>
    public const string EnqueueForInvitationSql = """
        insert into ats_callbacks (tenant_id, order_id, status, attempts, next_attempt_at, created_at, updated_at)
        select tenant_id, id, 'pending', 0, @now, @now, @now from ats_orders where tenant_id = @tenantId and invitation_id = @id and cancelled_at is null
        on conflict do nothing
        """;

    private const int BatchSize = 20;

    private const string ClaimSql = """
        with due as (
            select c.tenant_id, c.order_id from ats_callbacks c
            join ats_orders o on o.tenant_id = c.tenant_id and o.id = c.order_id
            join candidate_invitations i on i.tenant_id = o.tenant_id and i.id = o.invitation_id
            left join assessments a on a.tenant_id = i.tenant_id and a.id = i.assessment_id
            where c.status = 'pending' and c.next_attempt_at <= @now and o.ats = @ats
                and (o.cancelled_at is not null or a.status in ('completed', 'failed'))
            order by c.next_attempt_at
            limit @batch
            for update of c skip locked
        )
        update ats_callbacks c
        set attempts = c.attempts + 1, next_attempt_at = @leaseUntil, retry_until = coalesce(c.retry_until, @retryUntil), updated_at = @now
        from due, ats_orders o
        where c.tenant_id = due.tenant_id and c.order_id = due.order_id and o.tenant_id = c.tenant_id and o.id = c.order_id
        returning c.tenant_id, c.order_id, c.attempts as attempt, c.retry_until, o.callback_url, o.protected_credential
        """;

    private const string RenewSql = """
        update ats_callbacks set next_attempt_at = @leaseUntil
        where tenant_id = any(@tenantIds) and order_id = any(@ids) and status = 'pending' and next_attempt_at = @heldUntil
        """;

    // Done either way: the credential goes with it.
    private const string RecordSql = """
        with ordered as (
            update ats_orders set protected_credential = null
            where tenant_id = @TenantId and id = @OrderId and @status <> 'pending'
        )
        update ats_callbacks
        set status = @status, next_attempt_at = @nextAttemptAt, last_status_code = @statusCode, last_error = @error, updated_at = @now,
            succeeded_at = case when @status = 'succeeded' then @now end
        where tenant_id = @TenantId and order_id = @OrderId
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly AtsOptions _options;
    private readonly IDataProtector _credentials;
    private readonly HttpClient _http;

    protected AtsCallbacks(
        string ats, NpgsqlDataSource dataSource, AtsOptions options, IDataProtectionProvider protection, TargetGuard guard, TimeProvider clock, ILogger logger)
        : base(clock, logger)
    {
        (AtsName, _dataSource, _options, _credentials) = (ats, dataSource, options, protection.CreateProtector(Ats.CredentialProtection(ats)));
        var handler = guard.CreateHandler(_options.AllowPrivateTargets);
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        _http = new HttpClient(handler) { Timeout = _options.RequestTimeout };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("RecruitSignal-" + ats, "1"));
    }

    /// <summary>One of <see cref="Ats"/>: the orders this outbox serves.</summary>
    protected string AtsName { get; }

    protected override bool Enabled => _options.DispatcherEnabled;

    protected override TimeSpan Interval => _options.PollInterval;

    /// <summary>The call that tells the ATS, with the credential in clear.</summary>
    protected abstract Task<HttpRequestMessage> RequestAsync(DueCallback callback, string credential, CancellationToken ct);

    /// <summary>Counts one attempt by outcome: succeeded, retrying, failed.</summary>
    protected virtual void Count(string outcome) => Instruments.AtsCallback(AtsName, outcome);

    protected override async Task PollAsync(CancellationToken ct)
    {
        while (await ProcessDueAsync(ct) == BatchSize)
        {
        }
    }

    /// <summary>Claims up to one batch of due results, sends them, records each outcome; returns how many were claimed.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        List<DueCallback> due;
        await using (var connection = await _dataSource.OpenConnectionAsync(ct))
        {
            due = (await connection.QueryAsync<DueCallback>(new CommandDefinition(ClaimSql, new
            {
                now, ats = AtsName, leaseUntil = now + Lease.Duration, retryUntil = now + _options.RetryWindow, batch = BatchSize,
            }, cancellationToken: ct))).ToList();
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var (tenantIds, ids) = (due.Select(c => c.TenantId).ToArray(), due.Select(c => c.OrderId).ToArray());
        await using (Lease.KeepRenewed(_dataSource, RenewSql, now + Lease.Duration,
            (held, until) => new { tenantIds, ids, heldUntil = held, leaseUntil = until }, Clock, Logger))
        {
            await Task.WhenAll(due.Select(callback => SendAsync(callback, ct)));
        }

        return due.Count;
    }

    private async Task SendAsync(DueCallback callback, CancellationToken ct)
    {
        using var activity = Instruments.Source.StartActivity($"{AtsName} callback");
        activity?.SetTag("recruitsignal.ats.order.id", callback.OrderId);
        int? statusCode = null;
        string? error = null;
        var clock = Stopwatch.StartNew();
        try
        {
            if (callback.ProtectedCredential is null)
            {
                error = "No credential is kept for this order.";
            }
            else
            {
                using var request = await RequestAsync(callback, _credentials.Unprotect(callback.ProtectedCredential), ct);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                statusCode = (int)response.StatusCode;
                error = response.IsSuccessStatusCode ? null : $"{AtsName} answered {statusCode}.";
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
        Count(status == "pending" ? "retrying" : status);
        if (status != "succeeded")
        {
            LogFailed(Logger, AtsName, callback.OrderId, callback.Attempt, statusCode, (int)took.TotalMilliseconds, status == "pending");
        }

        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(RecordSql, new
        {
            callback.TenantId, callback.OrderId, status, statusCode, error, now, nextAttemptAt = status == "pending" ? next : now,
        }, cancellationToken: ct));
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Result of {Ats} order {OrderId} failed on attempt {Attempt} (status {StatusCode}, {Milliseconds} ms); retried: {Retried}")]
    private static partial void LogFailed(ILogger logger, string ats, Guid orderId, int attempt, int? statusCode, int milliseconds, bool retried);
}
