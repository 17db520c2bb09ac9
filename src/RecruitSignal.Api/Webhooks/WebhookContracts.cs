using System.ComponentModel.DataAnnotations;
using RecruitSignal.ApiDocs;
using RecruitSignal.Idempotency;

namespace RecruitSignal.Webhooks;

public static class WebhookEvents
{
    public const string AssessmentCreated = "assessment.created";

    /// <summary>A pending assessment (an X lookup) finished with a score.</summary>
    public const string AssessmentCompleted = "assessment.completed";

    /// <summary>A pending assessment could not finish (X refused, gave up, or consent was withdrawn).</summary>
    public const string AssessmentFailed = "assessment.failed";

    /// <summary>The candidate answered an invitation with a handle (signed in or typed) or by saying they have no account.</summary>
    public const string InvitationCompleted = "invitation.completed";

    /// <summary>The candidate refused, on the candidate page, to have their X account looked at.</summary>
    public const string InvitationDeclined = "invitation.declined";

    /// <summary>The candidate withdrew, on the candidate page, the consent they had given.</summary>
    public const string ConsentWithdrawn = "consent.withdrawn";

    /// <summary>Sent by <c>POST /v1/webhooks/{id}/test</c> only; not subscribable.</summary>
    public const string Ping = "ping";

    public static readonly IReadOnlyList<string> Subscribable =
        [AssessmentCreated, AssessmentCompleted, AssessmentFailed, InvitationCompleted, InvitationDeclined, ConsentWithdrawn];
}

/// <param name="Url">Where to POST events: an https URL that resolves to a public address.</param>
/// <param name="Events">The event types to receive: <c>assessment.created</c>, <c>assessment.completed</c>, <c>assessment.failed</c>,
/// <c>invitation.completed</c>, <c>invitation.declined</c>, <c>consent.withdrawn</c>.</param>
public sealed record CreateWebhookRequest([property: Url] string? Url, [property: WireValues("SubscribableEvent", WebhookEvents.AssessmentCreated, WebhookEvents.AssessmentCompleted, WebhookEvents.AssessmentFailed, WebhookEvents.InvitationCompleted, WebhookEvents.InvitationDeclined, WebhookEvents.ConsentWithdrawn)] IReadOnlyList<string>? Events);

/// <summary>A webhook subscription. The signing secret is shown only once, when it is created.</summary>
public sealed record WebhookSubscription(
    Guid Id, string Url, [property: WireValues("SubscribableEvent", WebhookEvents.AssessmentCreated, WebhookEvents.AssessmentCompleted, WebhookEvents.AssessmentFailed, WebhookEvents.InvitationCompleted, WebhookEvents.InvitationDeclined, WebhookEvents.ConsentWithdrawn)] IReadOnlyList<string> Events, DateTimeOffset CreatedAt);

/// <summary>A new subscription with its signing secret: store the secret now, it is never shown again.</summary>
/// <param name="Secret">Key of the HMAC-SHA256 signature of every delivery (see the README for how to verify). Shown in this answer
/// only: a retry with the same Idempotency-Key replays the answer with <c>secret: null</c>; if the first answer was lost,
/// delete the subscription and create another.</param>
public sealed record CreatedWebhookSubscription(
    Guid Id,
    string Url,
    [property: WireValues("SubscribableEvent", WebhookEvents.AssessmentCreated, WebhookEvents.AssessmentCompleted, WebhookEvents.AssessmentFailed, WebhookEvents.InvitationCompleted, WebhookEvents.InvitationDeclined, WebhookEvents.ConsentWithdrawn)] IReadOnlyList<string> Events,
    string? Secret,
    DateTimeOffset CreatedAt)
    : IShownOnce
{
    public object WithoutSecrets() => this with { Secret = null };
}

public sealed record WebhookSubscriptionList(IReadOnlyList<WebhookSubscription> Items);

/// <summary>One event to be sent to one subscription, with every attempt so far.</summary>
/// <param name="Status">pending (will be tried at nextAttemptAt), succeeded (a 2xx answer) or failed (gave up; can be redelivered).</param>
public sealed record WebhookDelivery(
    Guid Id,
    Guid EventId,
    [property: WireValues("WebhookEvent", WebhookEvents.AssessmentCreated, WebhookEvents.AssessmentCompleted, WebhookEvents.AssessmentFailed, WebhookEvents.Ping)] string EventType,
    [property: WireValues("DeliveryStatus", "pending", "succeeded", "failed")] string Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset CreatedAt,
    IReadOnlyList<WebhookAttempt> AttemptLog);

/// <param name="StatusCode">The receiver's HTTP status, or null when no answer came (see error).</param>
public sealed record WebhookAttempt(int Attempt, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs);

public sealed record WebhookDeliveryList(IReadOnlyList<WebhookDelivery> Items);

/// <summary>What every delivery's body holds: the event id (also in a header), its type, when it happened, and its data.</summary>
public sealed record WebhookEnvelope<T>(Guid Id, string Type, DateTimeOffset CreatedAt, T Data);
