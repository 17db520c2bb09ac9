using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Webhooks;

/// <summary>
/// Writes events and their deliveries inside the caller's transaction, so an event exists exactly
/// when what it reports was committed. Set-based: one statement for any number of events.
/// </summary>
public sealed class WebhookOutbox(TimeProvider clock, IOptions<WebhookOptions> options)
{
    // One round trip whatever happens: events are only written when someone subscribes, and one
    // delivery is made per event and matching subscription. The subscriptions are read FOR KEY SHARE: one
    // being deleted meanwhile is waited for and then left out, so a delivery never points at a deleted
    // subscription (a foreign-key violation), and a delete waits for this transaction instead.
    private const string EnqueueSql = """
        with subscriber as (
            select id from webhook_subscriptions
            where tenant_id = @tenantId and (@subscriptionId::uuid is null and @type = any(events) or id = @subscriptionId)
            for key share
        ),
        event as (
            insert into webhook_events (tenant_id, id, type, body, created_at)
            select @tenantId, e.id, @type, e.body, @now
            from unnest(@eventIds, @bodies) as e(id, body)
            where exists (select 1 from subscriber)
            returning id
        )
        insert into webhook_deliveries (
            tenant_id, id, subscription_id, event_id, status, attempts, next_attempt_at, retry_until, created_at, updated_at)
        select @tenantId, uuid_v7(), subscriber.id, event.id, 'pending', 0, @now, @retryUntil, @now, @now
        from event cross join subscriber
        returning id
        """;

    // The same for one assessment's event, sent in the screening's own batch before the candidate's id is known
    // to the service: the body was written with a provisional id, which becomes the stored assessment's
    // candidate_id. When nobody subscribes, the one-time filter on `subscriber` skips the rest.
    private const string EnqueueAssessmentSql = """
        with subscriber as (
            select id from webhook_subscriptions
            where tenant_id = @tenantId and @type = any(events)
            for key share
        ),
        event as (
            insert into webhook_events (tenant_id, id, type, body, created_at)
            select @tenantId, @eventId, @type, replace(@body, @provisionalCandidateId, a.candidate_id::text), @now
            from assessments a
            where a.tenant_id = @tenantId and a.id = @assessmentId and exists (select 1 from subscriber)
            returning id
        )
        insert into webhook_deliveries (
            tenant_id, id, subscription_id, event_id, status, attempts, next_attempt_at, retry_until, created_at, updated_at)
        select @tenantId, uuid_v7(), subscriber.id, event.id, 'pending', 0, @now, @retryUntil, @now, @now
        from event cross join subscriber
        """;

    /// <summary>
    /// The statement that records <paramref name="type"/> about an assessment stored earlier in the same transaction
    /// (or in the same batch), for every subscriber. <paramref name="assessment"/>'s candidate id may be provisional:
    /// the event carries the stored one.
    /// </summary>
    public NpgsqlBatchCommand EnqueueCommand(Guid tenantId, string type, AssessmentResponse assessment)
    {
        var now = clock.GetUtcNow();
        var eventId = Guid.CreateVersion7(now);
        return new NpgsqlBatchCommand(EnqueueAssessmentSql)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("tenantId", tenantId),
                new NpgsqlParameter<string>("type", type),
                new NpgsqlParameter<Guid>("eventId", eventId),
                new NpgsqlParameter<string>("body", JsonSerializer.Serialize(new WebhookEnvelope<AssessmentResponse>(eventId, type, now, assessment), Json.Options)),
                new NpgsqlParameter<string>("provisionalCandidateId", assessment.CandidateId.ToString("D")),
                new NpgsqlParameter<Guid>("assessmentId", assessment.Id),
                new NpgsqlParameter<DateTime>("now", now.UtcDateTime),
                new NpgsqlParameter<DateTime>("retryUntil", (now + options.Value.RetryWindow).UtcDateTime),
            },
        };
    }

    /// <summary>The statement of <see cref="EnqueueAsync"/>, for the caller's own batch; its rows are the delivery ids.</summary>
    public NpgsqlBatchCommand EnqueueEventsCommand<T>(Guid tenantId, string type, IReadOnlyList<T> data, Guid? subscriptionId = null)
    {
        var now = clock.GetUtcNow();
        var eventIds = data.Select(_ => Guid.CreateVersion7(now)).ToArray();
        return new NpgsqlBatchCommand(EnqueueSql)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("tenantId", tenantId),
                new NpgsqlParameter<string>("type", type),
                SqlParameters.Uuid("subscriptionId", subscriptionId),
                new NpgsqlParameter<DateTime>("now", now.UtcDateTime),
                new NpgsqlParameter<DateTime>("retryUntil", (now + options.Value.RetryWindow).UtcDateTime),
                new NpgsqlParameter<Guid[]>("eventIds", eventIds),
                new NpgsqlParameter<string[]>("bodies", data.Select((item, i) => JsonSerializer.Serialize(new WebhookEnvelope<T>(eventIds[i], type, now, item), Json.Options)).ToArray()),
            },
        };
    }

    /// <summary>
    /// Records one event per item of <paramref name="data"/> for every subscriber of <paramref name="type"/>
    /// (or for the one subscription given, whatever its events); returns the delivery ids.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> EnqueueAsync<T>(
        NpgsqlTransaction tx, Guid tenantId, string type, IReadOnlyList<T> data, CancellationToken ct, Guid? subscriptionId = null)
    {
        if (data.Count == 0)
        {
            return [];
        }

        await using var batch = new NpgsqlBatch(tx.Connection, tx) { BatchCommands = { EnqueueEventsCommand(tenantId, type, data, subscriptionId) } };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var deliveryIds = new List<Guid>();
        while (await reader.ReadAsync(ct))
        {
            deliveryIds.Add(reader.GetGuid(0));
        }

        return deliveryIds;
    }
}
