using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RecruitSignal.Idempotency;
using RecruitSignal.Infrastructure;
using RecruitSignal.Outbound;
using RecruitSignal.Tenants;

namespace RecruitSignal.Webhooks;

public static class WebhookEndpoints
{
    public const int MaxDeliveries = 200;

    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddTargetGuard();
        builder.Services.AddSingleton<WebhookStore>();
        builder.Services.AddSingleton<WebhookOutbox>();
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebhookDispatcher>());
        return builder;
    }

    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/webhooks").WithTags("Webhooks");

        group.MapPost("/", Create)
            .WithName("CreateWebhook")
            .WithSummary("Subscribe to events")
            .WithDescription("""
                Registers an https URL to receive events by POST. The answer carries the subscription's signing
                secret, shown this once: every delivery has the headers `RecruitSignal-Event-Id` (the same on
                every retry of an event), `RecruitSignal-Timestamp` (Unix seconds) and `RecruitSignal-Signature`
                = `v1=` + hex HMAC-SHA256(secret, timestamp + "." + raw body). Deliveries are retried with
                exponential backoff and jitter for about 24 hours. URLs that resolve to loopback, private,
                link-local or metadata addresses are refused.

                A delivery of `assessment.created` (the body is the JSON envelope; `data` is the assessment as
                `GET /v1/assessments/{id}` answers it):

                ```http
                POST /hooks/recruitsignal HTTP/1.1
                Content-Type: application/json; charset=utf-8
                RecruitSignal-Event-Id: 019ab3f2-7c52-7d01-8e3a-2f4b6c8d9e10
                RecruitSignal-Event-Type: assessment.created
                RecruitSignal-Timestamp: 1764156000
                RecruitSignal-Signature: v1=5f0c...e9

                {"id":"019ab3f2-7c52-7d01-8e3a-2f4b6c8d9e10","type":"assessment.created","createdAt":"2026-11-26T11:20:00+00:00","data":{"id":"019ab3f2-...","score":92,"band":"strong", ...}}
                ```

                Verify: recompute `HMAC-SHA256(secret, "1764156000." + raw body)` in hex, compare in constant
                time with the part after `v1=`, and refuse timestamps more than 5 minutes old. Deduplicate on
                `RecruitSignal-Event-Id`: delivery is at least once.
                """)
            .Accepts<CreateWebhookRequest>("application/json")
            .WithValidation<CreateWebhookRequest>()
            .WithIdempotency<CreateWebhookRequest>();

        group.MapGet("/", List).WithName("ListWebhooks").WithSummary("List subscriptions")
            .WithDescription("Every subscription of the tenant, oldest first, without secrets.");

        group.MapGet("/{id:guid}", Get).WithName("GetWebhook").WithSummary("Get a subscription")
            .WithDescription("The subscription, without its secret. An id of another tenant answers 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{id:guid}", Delete).WithName("DeleteWebhook").WithSummary("Delete a subscription")
            .WithDescription("Stops deliveries to the URL, including pending ones, and forgets their history.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id:guid}/test", Ping).WithName("PingWebhook").WithSummary("Send a test event")
            .WithDescription("Queues a `ping` event for this subscription only; follow it in the deliveries.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id:guid}/deliveries", Deliveries).WithName("ListWebhookDeliveries").WithSummary("Recent deliveries and their attempts")
            .WithDescription($"Newest first, at most `limit` (1 to {MaxDeliveries}, default 50), each with every attempt: when, the status code or the error, and how long it took.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", Redeliver).WithName("RedeliverWebhook").WithSummary("Redeliver an event")
            .WithDescription("Puts a failed (or succeeded) delivery back in the queue for another day of retries; the event id and body stay the same.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return group;
    }

    internal static async Task<Created<CreatedWebhookSubscription>> Create(
        CreateWebhookRequest request, ClaimsPrincipal user, WebhookStore store, RequestTransaction work, CancellationToken ct)
    {
        var created = await store.CreateAsync(work.Current, user.TenantId(), request.Url!, request.Events!, ct);
        return TypedResults.Created($"/v1/webhooks/{created.Id}", created);
    }

    internal static async Task<Ok<WebhookSubscriptionList>> List(ClaimsPrincipal user, WebhookStore store, CancellationToken ct) =>
        TypedResults.Ok(new WebhookSubscriptionList(await store.ListAsync(user.TenantId(), ct)));

    internal static async Task<Results<Ok<WebhookSubscription>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, WebhookStore store, CancellationToken ct) =>
        await store.FindAsync(user.TenantId(), id, ct) is { } subscription ? TypedResults.Ok(subscription) : Problems.NotFound("webhook", id);

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, ClaimsPrincipal user, WebhookStore store, CancellationToken ct) =>
        await store.DeleteAsync(user.TenantId(), id, ct) ? TypedResults.NoContent() : Problems.NotFound("webhook", id);

    internal static async Task<Results<Accepted<WebhookDelivery>, ProblemHttpResult>> Ping(
        Guid id, ClaimsPrincipal user, WebhookStore store, WebhookOutbox outbox, Npgsql.NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var tenantId = user.TenantId();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var queued = await outbox.EnqueueAsync(tx, tenantId, WebhookEvents.Ping, [new { subscriptionId = id }], ct, subscriptionId: id);
        if (queued.Count == 0)
        {
            return Problems.NotFound("webhook", id);
        }

        await tx.CommitAsync(ct);
        // The subscription (and with it the delivery) may be deleted as soon as this commits.
        return await store.DeliveriesAsync(tenantId, id, 1, ct) is [var delivery, ..]
            ? TypedResults.Accepted($"/v1/webhooks/{id}/deliveries", delivery)
            : Problems.NotFound("webhook", id);
    }

    internal static async Task<Results<Ok<WebhookDeliveryList>, ValidationProblem, ProblemHttpResult>> Deliveries(
        Guid id, [Description("How many deliveries to return, 1 to 200 (default 50).")] int? limit, ClaimsPrincipal user, WebhookStore store, CancellationToken ct)
    {
        if (limit is < 1 or > MaxDeliveries)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"'limit' is from 1 to {MaxDeliveries}."] });
        }

        var tenantId = user.TenantId();
        if (await store.FindAsync(tenantId, id, ct) is null)
        {
            return Problems.NotFound("webhook", id);
        }

        return TypedResults.Ok(new WebhookDeliveryList(await store.DeliveriesAsync(tenantId, id, limit ?? 50, ct)));
    }

    internal static async Task<Results<Accepted<WebhookDelivery>, ProblemHttpResult>> Redeliver(
        Guid id, Guid deliveryId, ClaimsPrincipal user, WebhookStore store, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        var (delivery, pending) = await store.RedeliverAsync(user.TenantId(), id, deliveryId, options.Value.RetryWindow, ct);
        return (delivery, pending) switch
        {
            ({ } d, _) => TypedResults.Accepted($"/v1/webhooks/{id}/deliveries", d),
            (null, true) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The delivery is still pending.",
                detail: "It will be tried again at its next attempt time; redeliver it once it has failed or succeeded."),
            _ => Problems.NotFound("delivery", deliveryId),
        };
    }
}
