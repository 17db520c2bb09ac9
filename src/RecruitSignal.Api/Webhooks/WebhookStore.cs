using Dapper;
using Npgsql;

namespace RecruitSignal.Webhooks;

/// <summary>Subscriptions and their deliveries, always within one tenant.</summary>
public sealed class WebhookStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string InsertSql = """
        insert into webhook_subscriptions (tenant_id, id, url, events, signing_secret, created_at)
        values (@tenantId, @id, @url, @events, @secret, @createdAt)
        """;

    private const string Columns = "id, url, events, created_at";

    private const string ListSql = $"select {Columns} from webhook_subscriptions where tenant_id = @tenantId order by created_at, id";

    private const string ByIdSql = $"select {Columns} from webhook_subscriptions where tenant_id = @tenantId and id = @id";

    private const string DeleteSql = "delete from webhook_subscriptions where tenant_id = @tenantId and id = @id";

    private const string DeliveryColumns = """
        d.id, d.event_id, e.type as event_type, d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, d.created_at
        """;

    private const string DeliveriesSql = $"""
        select {DeliveryColumns}
        from webhook_deliveries d
        join webhook_events e on e.tenant_id = d.tenant_id and e.id = d.event_id
        where d.tenant_id = @tenantId and d.subscription_id = @subscriptionId
        order by d.created_at desc, d.id desc
        limit @limit
        """;

    private const string AttemptsSql = """
        select delivery_id, attempt, attempted_at, status_code, error, duration_ms
        from webhook_attempts
        where tenant_id = @tenantId and delivery_id = any(@deliveryIds)
        order by delivery_id, attempt
        """;

    // Only a finished delivery goes back in the queue; a pending one is already going to be tried.
    private const string RedeliverSql = $"""
        update webhook_deliveries d
        set status = 'pending', next_attempt_at = @now, retry_until = @retryUntil, updated_at = @now
        from webhook_events e
        where d.tenant_id = @tenantId and d.subscription_id = @subscriptionId and d.id = @id and d.status <> 'pending'
          and e.tenant_id = d.tenant_id and e.id = d.event_id
        returning {DeliveryColumns}
        """;

    private const string DeliveryExistsSql = """
        select exists (select 1 from webhook_deliveries where tenant_id = @tenantId and subscription_id = @subscriptionId and id = @id)
        """;

    public async Task<CreatedWebhookSubscription> CreateAsync(NpgsqlTransaction tx, Guid tenantId, string url, IReadOnlyList<string> events, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        var created = new CreatedWebhookSubscription(Guid.CreateVersion7(now), url, [.. events.Distinct()], WebhookSignature.NewSecret(), now);
        await tx.Connection!.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            tenantId, id = created.Id, url, events = created.Events.ToArray(), secret = created.Secret, createdAt = now.UtcDateTime,
        }, tx, cancellationToken: ct));
        return created;
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(Guid tenantId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(ListSql, new { tenantId }, cancellationToken: ct));
        return rows.Select(r => r.ToResponse()).ToList();
    }

    public async Task<WebhookSubscription?> FindAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(ByIdSql, new { tenantId, id }, cancellationToken: ct));
        return row?.ToResponse();
    }

    public async Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { tenantId, id }, cancellationToken: ct)) == 1;
    }

    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(Guid tenantId, Guid subscriptionId, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<DeliveryRow>(
            new CommandDefinition(DeliveriesSql, new { tenantId, subscriptionId, limit }, cancellationToken: ct))).ToList();
        return await WithAttemptsAsync(connection, tenantId, rows, ct);
    }

    /// <summary>Puts a finished delivery back in the queue: the delivery, null when unknown, or a pending one unchanged.</summary>
    public async Task<(WebhookDelivery? Delivery, bool AlreadyPending)> RedeliverAsync(
        Guid tenantId, Guid subscriptionId, Guid id, TimeSpan retryWindow, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(RedeliverSql, new
        {
            tenantId, subscriptionId, id, now = now.UtcDateTime, retryUntil = (now + retryWindow).UtcDateTime,
        }, cancellationToken: ct));
        if (row is not null)
        {
            return ((await WithAttemptsAsync(connection, tenantId, [row], ct))[0], false);
        }

        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(DeliveryExistsSql, new { tenantId, subscriptionId, id }, cancellationToken: ct));
        return (null, exists);
    }

    private static async Task<IReadOnlyList<WebhookDelivery>> WithAttemptsAsync(NpgsqlConnection connection, Guid tenantId, List<DeliveryRow> rows, CancellationToken ct)
    {
        var attempts = (await connection.QueryAsync<AttemptRow>(new CommandDefinition(
                AttemptsSql, new { tenantId, deliveryIds = rows.Select(r => r.Id).ToArray() }, cancellationToken: ct)))
            .ToLookup(a => a.DeliveryId);
        return rows.Select(r => r.ToResponse(attempts[r.Id].Select(a => a.ToResponse()).ToList())).ToList();
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record SubscriptionRow
    {
        public Guid Id { get; init; }
        public required string Url { get; init; }
        public required string[] Events { get; init; }
        public DateTime CreatedAt { get; init; }

        public WebhookSubscription ToResponse() => new(Id, Url, Events, Utc(CreatedAt));
    }

    private sealed record DeliveryRow
    {
        public Guid Id { get; init; }
        public Guid EventId { get; init; }
        public required string EventType { get; init; }
        public required string Status { get; init; }
        public int Attempts { get; init; }
        public DateTime NextAttemptAt { get; init; }
        public int? LastStatusCode { get; init; }
        public string? LastError { get; init; }
        public DateTime CreatedAt { get; init; }

        public WebhookDelivery ToResponse(IReadOnlyList<WebhookAttempt> attempts) => new(
            Id, EventId, EventType, Status, Attempts, Status == "pending" ? Utc(NextAttemptAt) : null,
            LastStatusCode, LastError, Utc(CreatedAt), attempts);
    }

    private sealed record AttemptRow
    {
        public Guid DeliveryId { get; init; }
        public int Attempt { get; init; }
        public DateTime AttemptedAt { get; init; }
        public int? StatusCode { get; init; }
        public string? Error { get; init; }
        public int DurationMs { get; init; }

        public WebhookAttempt ToResponse() => new(Attempt, Utc(AttemptedAt), StatusCode, Error, DurationMs);
    }
}
