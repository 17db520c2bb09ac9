using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Infrastructure;
using RecruitSignal.Outbound;
using RecruitSignal.Telemetry;

namespace RecruitSignal.Webhooks;

/// <summary>
/// Sends due deliveries, at least once. Rows are claimed with FOR UPDATE SKIP LOCKED and leased by
/// moving their next attempt forward (<see cref="Lease"/>: short, renewed while sending), so several replicas
/// share the queue, no row lock is held during the HTTP call, and a replica that dies or loses its database
/// mid-send only delays its claims by seconds.
/// </summary>
public sealed partial class WebhookDispatcher : BackgroundService
{
    private const string ClaimSql = """
        with due as (
            select tenant_id, id from webhook_deliveries
            where status = 'pending' and next_attempt_at <= @now
            order by next_attempt_at
            limit @batch
            for update skip locked
        )
        update webhook_deliveries d
        set attempts = d.attempts + 1, next_attempt_at = @leaseUntil, updated_at = @now
        from due, webhook_events e, webhook_subscriptions s
        where d.tenant_id = due.tenant_id and d.id = due.id
          and e.tenant_id = d.tenant_id and e.id = d.event_id
          and s.tenant_id = d.tenant_id and s.id = d.subscription_id
        returning d.tenant_id, d.id, d.attempts as attempt, d.retry_until, e.id as event_id, e.type as event_type, e.body, s.url, s.signing_secret
        """;

    private const string RenewSql = """
        update webhook_deliveries set next_attempt_at = @leaseUntil
        where tenant_id = any(@tenantIds) and id = any(@ids) and status = 'pending' and next_attempt_at = @heldUntil
        """;

    // The delivery may have gone while it was sent (its subscription deleted, its candidate erased): the
    // attempt is recorded only for a delivery still there, locked first, never as a dangling reference.
    private const string RecordSql = """
        with delivery as (
            select tenant_id, id from webhook_deliveries
            where tenant_id = @TenantId and id = @Id
            for update
        ),
        attempt as (
            insert into webhook_attempts (tenant_id, delivery_id, attempt, attempted_at, status_code, error, duration_ms)
            select tenant_id, id, @Attempt, @attemptedAt, @statusCode, @error, @durationMs from delivery
        )
        update webhook_deliveries d
        set status = @status, next_attempt_at = @nextAttemptAt, last_status_code = @statusCode, last_error = @error, updated_at = @attemptedAt
        from delivery
        where d.tenant_id = delivery.tenant_id and d.id = delivery.id
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly HttpClient _http;

    public WebhookDispatcher(
        NpgsqlDataSource dataSource, IOptions<WebhookOptions> options, TargetGuard guard, TimeProvider clock, ILogger<WebhookDispatcher> logger)
    {
        (_dataSource, _options, _clock, _logger) = (dataSource, options.Value, clock, logger);
        var handler = guard.CreateHandler(_options.AllowPrivateTargets);
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        _http = new HttpClient(handler) { Timeout = _options.RequestTimeout };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("RecruitSignal-Webhooks", "1"));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DispatcherEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ProcessDueAsync(stoppingToken) == _options.BatchSize)
                {
                }

                await Task.Delay(_options.PollInterval, _clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(_logger, e);
                await Task.Delay(_options.PollInterval, _clock, CancellationToken.None);
            }
        }
    }

    /// <summary>Claims up to one batch of due deliveries, sends them, records the outcomes; returns how many were claimed.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        List<DueDelivery> due;
        await using (var connection = await _dataSource.OpenConnectionAsync(ct))
        {
            due = (await connection.QueryAsync<DueDelivery>(new CommandDefinition(ClaimSql, new
            {
                now = now.UtcDateTime, leaseUntil = (now + Lease.Duration).UtcDateTime, batch = _options.BatchSize,
            }, cancellationToken: ct))).ToList();
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var (tenantIds, ids) = (due.Select(d => d.TenantId).ToArray(), due.Select(d => d.Id).ToArray());
        await using (Lease.KeepRenewed(_dataSource, RenewSql, now + Lease.Duration,
            (held, until) => new { tenantIds, ids, heldUntil = held.UtcDateTime, leaseUntil = until.UtcDateTime }, _clock, _logger))
        {
            await Task.WhenAll(due.Select(delivery => SendAsync(delivery, ct)));
        }

        return due.Count;
    }

    private async Task SendAsync(DueDelivery delivery, CancellationToken ct)
    {
        // One trace per delivery attempt; the HTTP call is its child (its URL reduced to the receiver's origin).
        using var activity = Instruments.Source.StartActivity("webhook delivery");
        activity?.SetTag("recruitsignal.delivery.id", delivery.Id);
        activity?.SetTag("recruitsignal.event.type", delivery.EventType);
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.EventIdHeader, delivery.EventId.ToString());
        request.Headers.Add(WebhookSignature.EventTypeHeader, delivery.EventType);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(delivery.SigningSecret, timestamp, delivery.Body));

        var clock = Stopwatch.StartNew();
        int? statusCode = null;
        string? error = null;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            statusCode = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"The receiver answered {statusCode}.";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            error = e is TaskCanceledException ? $"No answer within {_options.RequestTimeout.TotalSeconds:0.#} s." : Shorten(e.GetBaseException().Message);
        }

        await RecordAsync(delivery, statusCode, error, (int)clock.ElapsedMilliseconds, ct);
    }

    private async Task RecordAsync(DueDelivery delivery, int? statusCode, string? error, int durationMs, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var next = now + RetryDelay(delivery.Attempt);
        var status = error is null ? "succeeded" : next <= new DateTimeOffset(DateTime.SpecifyKind(delivery.RetryUntil, DateTimeKind.Utc)) ? "pending" : "failed";
        if (status == "failed")
        {
            LogGaveUp(_logger, delivery.Id, delivery.Attempt);
        }

        Instruments.WebhookDelivery(status == "pending" ? "retrying" : status);

        await Database.Contention.RetryAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(RecordSql, new
            {
                delivery.TenantId, delivery.Id, delivery.Attempt, attemptedAt = now.UtcDateTime, statusCode, error, durationMs, status,
                nextAttemptAt = (status == "pending" ? next : now).UtcDateTime,
            }, cancellationToken: ct));
        }, ct);
    }

    internal TimeSpan RetryDelay(int attempt) => Infrastructure.Backoff.EqualJitter(_options.FirstRetryDelay, _options.MaxRetryDelay, attempt);

    private static string Shorten(string message) => message.Length <= 300 ? message : message[..300];

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatcher loop failed; retrying after the poll interval")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} failed after {Attempts} attempts; it can be redelivered")]
    private static partial void LogGaveUp(ILogger logger, Guid deliveryId, int attempts);

    private sealed record DueDelivery
    {
        public Guid TenantId { get; init; }
        public Guid Id { get; init; }
        public int Attempt { get; init; }
        public DateTime RetryUntil { get; init; }
        public Guid EventId { get; init; }
        public required string EventType { get; init; }
        public required string Body { get; init; }
        public required string Url { get; init; }
        public required string SigningSecret { get; init; }
    }
}
