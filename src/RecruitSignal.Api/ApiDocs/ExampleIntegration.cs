using RecruitSignal.Webhooks;

namespace RecruitSignal.ApiDocs;

/// <summary>The webhook examples: an ATS subscribed to every event, a test ping, and the delivery of the example assessment.</summary>
internal static class ExampleIntegration
{
    private static readonly DateTimeOffset SubscribedAt = new(2026, 11, 2, 14, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset PingedAt = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public static CreateWebhookRequest CreateWebhook { get; } = new("https://ats.example.com/hooks/recruitsignal", WebhookEvents.Subscribable);

    // A placeholder as long as a real secret, so no one mistakes it for one.
    public static CreatedWebhookSubscription CreatedWebhook { get; } = new(
        Guid.Parse("019a459c-3e10-7b2a-8c4d-6e1f2a3b4c5d"), CreateWebhook.Url!, CreateWebhook.Events!, "whsec_" + new string('x', 43), SubscribedAt);

    public static WebhookSubscription Webhook { get; } = new(CreatedWebhook.Id, CreatedWebhook.Url, CreatedWebhook.Events, CreatedWebhook.CreatedAt);

    /// <summary>Just queued by <c>POST /v1/webhooks/{id}/test</c> (a redelivery looks the same, with its earlier attempts).</summary>
    public static WebhookDelivery Ping { get; } = new(
        Guid.Parse("019abab1-4b00-7e21-9a3c-1d2e3f4a5b6c"), Guid.Parse("019abab1-4b00-7e20-8f1a-0b1c2d3e4f5a"), WebhookEvents.Ping,
        "pending", 0, PingedAt, null, null, PingedAt, []);

    /// <summary>The example assessment's <c>assessment.created</c>, answered 503 once, then delivered on the retry.</summary>
    public static WebhookDelivery Delivered { get; } = new(
        Guid.Parse("019ab3f2-7c52-7d02-9b4c-3a5d7e9f1b20"), Guid.Parse("019ab3f2-7c52-7d01-8e3a-2f4b6c8d9e11"), WebhookEvents.AssessmentCreated,
        "succeeded", 2, null, 200, null, Examples.Assessment.CreatedAt,
        [
            new WebhookAttempt(1, Examples.Assessment.CreatedAt.AddSeconds(1), 503, "The receiver answered 503.", 212),
            new WebhookAttempt(2, Examples.Assessment.CreatedAt.AddSeconds(33), 200, null, 148),
        ]);
}
