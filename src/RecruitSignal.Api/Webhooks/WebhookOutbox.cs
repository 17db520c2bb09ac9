using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Webhooks;

/// <summary>
/// Writes events and their deliveries inside the caller's transaction, so an event exists exactly
/// when what it reports was committed. Set-based: one statement for any number of events.
/// </summary>
public sealed class WebhookOutbox(TimeProvider clock, IOptions<WebhookOptions> options)
{
    private const string SubscribersSql = """
        select id from webhook_subscriptions
        where tenant_id = @tenantId and (@subscriptionId::uuid is null and @type = any(events) or id = @subscriptionId)
        """;

    private const string EnqueueSql = """
        with event as (
            insert into webhook_events (tenant_id, id, type, body, created_at)
            select @tenantId, e.id, @type, e.body, @now
            from unnest(@eventIds, @bodies) as e(id, body)
        )
        insert into webhook_deliveries (
            tenant_id, id, subscription_id, event_id, status, attempts, next_attempt_at, retry_until, created_at, updated_at)
        select @tenantId, d.id, d.subscription_id, d.event_id, 'pending', 0, @now, @retryUntil, @now, @now
        from unnest(@deliveryIds, @subscriptionIds, @deliveryEventIds) as d(id, subscription_id, event_id)
        """;

    /// <summary>
    /// Records one event per item of <paramref name="data"/> for every subscriber of <paramref name="type"/>
    /// (or for the one subscription given, whatever its events); returns the delivery ids.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> EnqueueAsync<T>(
        NpgsqlTransaction tx, Guid tenantId, string type, IReadOnlyList<T> data, CancellationToken ct, Guid? subscriptionId = null)
    {
        var connection = tx.Connection!;
        var subscribers = (await connection.QueryAsync<Guid>(
            new CommandDefinition(SubscribersSql, new { tenantId, type, subscriptionId }, tx, cancellationToken: ct))).ToList();
        if (subscribers.Count == 0 || data.Count == 0)
        {
            return []; // nobody listens: nothing to deliver, nothing to keep
        }

        var now = clock.GetUtcNow();
        var eventIds = data.Select(_ => Guid.CreateVersion7(now)).ToArray();
        var bodies = data.Select((item, i) => JsonSerializer.Serialize(new WebhookEnvelope<T>(eventIds[i], type, now, item), Json.Options)).ToArray();
        var pairs = eventIds.SelectMany(eventId => subscribers.Select(subscriber => (EventId: eventId, Subscriber: subscriber))).ToList();
        var deliveryIds = pairs.Select(_ => Guid.CreateVersion7(now)).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(EnqueueSql, new
        {
            tenantId,
            type,
            now = now.UtcDateTime,
            retryUntil = (now + options.Value.RetryWindow).UtcDateTime,
            eventIds,
            bodies,
            deliveryIds,
            subscriptionIds = pairs.Select(p => p.Subscriber).ToArray(),
            deliveryEventIds = pairs.Select(p => p.EventId).ToArray(),
        }, tx, cancellationToken: ct));
        return deliveryIds;
    }
}
