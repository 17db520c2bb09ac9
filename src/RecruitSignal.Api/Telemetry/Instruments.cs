using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RecruitSignal.Telemetry;

/// <summary>
/// Every custom trace source and metric of the service, in one place. Tags hold closed sets of words
/// (tiers, bands, outcomes, reasons): never a candidate's value, a handle, a key or a tenant's data.
/// </summary>
public static class Instruments
{
    public const string Name = "RecruitSignal";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Screenings = Meter.CreateCounter<long>(
        "recruitsignal.screenings", "{screening}", "Assessments stored by a screening, by presence tier and band.");

    private static readonly Counter<long> Lookups = Meter.CreateCounter<long>(
        "recruitsignal.lookups", "{lookup}", "X lookup job rounds by outcome: completed, failed, cancelled, rate_limited, retrying, budget_exhausted.");

    private static readonly Histogram<double> LookupDuration = Meter.CreateHistogram<double>(
        "recruitsignal.lookup.duration", "s", "Time to run one X lookup job, from claim to stored outcome.");

    private static readonly Counter<long> XReads = Meter.CreateCounter<long>(
        "recruitsignal.x_api.reads", "{read}", "Calls made to the X API, by endpoint; what the monthly read budget counts.");

    private static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "recruitsignal.webhook.deliveries", "{delivery}", "Webhook delivery attempts by outcome: succeeded, retrying, failed.");

    private static readonly Counter<long> Emails = Meter.CreateCounter<long>(
        "recruitsignal.emails", "{email}", "Emails handed to the mail server (sent) or given up (failed).");

    private static readonly Counter<long> AuthenticationFailures = Meter.CreateCounter<long>(
        "recruitsignal.auth.failures", "{response}", "401 answers by reason: missing, malformed, unknown, revoked, expired, scope (Greenhouse's Basic); and 429 throttled.");

    private static readonly Counter<long> GreenhouseCalls = Meter.CreateCounter<long>(
        "recruitsignal.greenhouse.calls", "{request}", "Greenhouse Assessment Partner calls answered, by call and status class.");

    private static readonly Counter<long> AtsCallbacks = Meter.CreateCounter<long>(
        "recruitsignal.ats.callbacks", "{attempt}", "Results sent back to Workable and Ashby by ATS and outcome: succeeded, retrying, failed.");

    private static readonly Counter<long> GreenhousePatches = Meter.CreateCounter<long>(
        "recruitsignal.greenhouse.patches", "{attempt}", "PATCH attempts to Greenhouse by outcome: succeeded, retrying, failed.");

    private static long _xRateLimitRemaining = -1;
    private static long _lookupQueueDepth;
    private static long _budgetWaiting;
    private static double _outboxLagSeconds;

    static Instruments()
    {
        Meter.CreateObservableGauge("recruitsignal.x_api.rate_limit.remaining", ObserveRateLimit, "{request}",
            "x-rate-limit-remaining of the last X API answer (absent until X answered once).");
        Meter.CreateObservableGauge("recruitsignal.lookup.queue.depth",
            () => new[]
            {
                new Measurement<long>(Interlocked.Read(ref _lookupQueueDepth), new KeyValuePair<string, object?>("state", "pending")),
                new Measurement<long>(Interlocked.Read(ref _budgetWaiting), new KeyValuePair<string, object?>("state", "budget_exhausted")),
            },
            "{job}", "Lookup jobs waiting, by state; sampled by every replica from the shared queue.");
        Meter.CreateObservableGauge("recruitsignal.webhook.outbox.lag", () => Volatile.Read(ref _outboxLagSeconds), "s",
            "Age of the oldest webhook delivery that is due and not yet sent (0 when none is late).");
    }

    public static void ScreeningStored(string tier, string band) =>
        Screenings.Add(1, new KeyValuePair<string, object?>("tier", tier), new KeyValuePair<string, object?>("band", band));

    /// <summary><paramref name="network"/> is the network's wire name (x, bluesky, mastodon), never a handle or a server.</summary>
    public static void LookupFinished(string outcome, TimeSpan duration, string network)
    {
        var tags = new TagList { { "outcome", outcome }, { "network", network } };
        Lookups.Add(1, tags);
        LookupDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary><paramref name="endpoint"/> is a route template (<c>users/by/username</c>), never a handle or an id.</summary>
    public static void XRead(string endpoint, long? rateLimitRemaining)
    {
        XReads.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));
        if (rateLimitRemaining is { } remaining)
        {
            Interlocked.Exchange(ref _xRateLimitRemaining, remaining);
        }
    }

    public static void WebhookDelivery(string outcome) =>
        WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>For the email sender: one call per message, true when the mail server accepted it.</summary>
    public static void EmailSent(bool accepted) =>
        Emails.Add(1, new KeyValuePair<string, object?>("outcome", accepted ? "sent" : "failed"));

    public static void AuthenticationFailed(string reason) =>
        AuthenticationFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <param name="call">list_tests, send_test, test_status, response_error or webhook.</param>
    /// <param name="status">The HTTP status answered; recorded as its class (2xx, 4xx...).</param>
    public static void GreenhouseCall(string call, int status) =>
        GreenhouseCalls.Add(1, new KeyValuePair<string, object?>("call", call), new KeyValuePair<string, object?>("status", $"{status / 100}xx"));

    public static void GreenhousePatch(string outcome) =>
        GreenhousePatches.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void AtsCallback(string ats, string outcome) =>
        AtsCallbacks.Add(1, new KeyValuePair<string, object?>("ats", ats), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>The queues as last sampled by <see cref="QueueSampler"/>.</summary>
    internal static void QueuesSampled(long pendingLookups, long budgetWaiting, double outboxLagSeconds)
    {
        Interlocked.Exchange(ref _lookupQueueDepth, pendingLookups);
        Interlocked.Exchange(ref _budgetWaiting, budgetWaiting);
        Volatile.Write(ref _outboxLagSeconds, outboxLagSeconds);
    }

    private static IEnumerable<Measurement<long>> ObserveRateLimit()
    {
        var remaining = Interlocked.Read(ref _xRateLimitRemaining);
        return remaining < 0 ? [] : [new Measurement<long>(remaining)];
    }
}
