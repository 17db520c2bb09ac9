using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Outbound;
using RecruitSignal.Policies;
using RecruitSignal.Scoring;
using RecruitSignal.Tenants;

namespace RecruitSignal.Integrations;

/// <summary>One test an ATS can order: a scoring policy version and the name its recruiters pick it by.</summary>
public sealed record AtsTest(string Id, string Name);

/// <summary>How an adapter's refusals name things, in the ATS's words.</summary>
/// <param name="Name">The ATS as people read it (<c>Workable</c>).</param>
/// <param name="TestField">The order's field that names the test (<c>test_id</c>).</param>
/// <param name="ListCall">The ATS's call that lists the tests (<c>GET /tests</c>).</param>
/// <param name="Credential">What the tenant gives with <c>PUT /v1/integrations/{ats}</c> (<c>the token Workable issued</c>).</param>
public sealed record AtsWords(string Ats, string Name, string TestField, string ListCall, string Credential);

/// <summary>Where an order's result will go, and whose mistake it is when it may not: the order's own field (a 400 naming it) or the ATS's configured API (a 503).</summary>
public sealed record AtsTarget(string Url, string Field, IReadOnlyList<string> Hosts, string Setting, bool FromRequest);

/// <summary>
/// What every adapter's calls do, whatever the ATS: list the tenant's tests, place an order once its result's
/// destination passed the allow-list and the SSRF guard, withdraw an order, keep the credential results go back with.
/// Refusals are problems; the adapter's <see cref="AtsErrorShape"/> words them as its ATS expects.
/// </summary>
public sealed class AtsPartner(AtsOrders orders, AtsCredentials credentials, PolicyStore policies, TargetGuard guard)
{
    /// <summary>One test per scoring policy the tenant can use, <c>default@1</c> first, named for the networks it reads.</summary>
    public async Task<IReadOnlyList<AtsTest>> TestsAsync(ClaimsPrincipal user, CancellationToken ct) =>
        (await policies.ListAsync(user.TenantId(), ct)).Items.Select(p => new AtsTest(p.Version, TestName(p.Parameters))).ToList();

    /// <summary>"Professional presence on X, Bluesky and Mastodon (policy default@2)": ATSs show tests in English.</summary>
    public static string TestName(ScoringPolicy policy) => $"{PolicyWords.Of("en").PresenceOn(policy)} (policy {policy.Version})";

    /// <summary>Places the order (or finds it again) and answers its id in the ATS's words; nothing is written on a refusal.</summary>
    public async Task<Results<Ok<TAnswer>, ValidationProblem, ProblemHttpResult>> PlaceAsync<TAnswer>(
        ClaimsPrincipal user, AtsWords words, AtsOptions settings, AtsTarget target, AtsOrder order, Func<Guid, TAnswer> answer, CancellationToken ct)
    {
        if (await CallbackTarget.RefusalAsync(target.Url, target.Field, words.Name, target.Hosts, target.Setting, settings.AllowPrivateTargets, guard, ct) is { } refused)
        {
            return target.FromRequest
                ? Invalid(target.Field, refused)
                : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: $"{words.Name} cannot be called back.", detail: refused);
        }

        var (outcome, id) = await orders.PlaceAsync(user.TenantId(), user.ApiKeyId(), order, settings.InvitationDays,
            new AuditEvent(AuditAction.AtsOrderPlaced, AuditTarget.AtsOrder, ""), ct);
        return outcome switch
        {
            AtsOrderOutcome.Placed or AtsOrderOutcome.Replayed => TypedResults.Ok(answer(id!.Value)),
            AtsOrderOutcome.UnknownTest => Invalid(words.TestField, $"'{order.PolicyVersion}' is not a test of this account: ask {words.ListCall}."),
            AtsOrderOutcome.NotConnected => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"{words.Name} is not connected.",
                detail: $"The tenant has not given {words.Credential} (PUT /v1/integrations/{words.Ats}), so the result could not be sent back. Nothing was recorded."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "This service sends no email.",
                detail: "The invitation cannot reach the candidate: the service has no SMTP server (Smtp__Host). Nothing was recorded."),
        };
    }

    /// <summary>Withdraws the order; a 404 when the tenant has no such order of this ATS, null when it is done.</summary>
    /// <param name="notify">Tell the ATS of the cancellation (Ashby); otherwise nothing more is sent (Workable).</param>
    public async Task<ProblemHttpResult?> CancelAsync(ClaimsPrincipal user, string ats, string? id, bool notify, CancellationToken ct) =>
        Guid.TryParse(id, out var orderId) && await orders.CancelAsync(user.TenantId(), user.ApiKeyId(), ats, orderId, notify, ct)
            ? null
            : Problems.NotFound("assessment", id is { Length: > 100 } ? id[..100] : id ?? "");

    /// <summary>Keeps the credential results of the tenant's later orders go back with (<see cref="AtsCredentials"/>).</summary>
    public async Task<Ok<AtsConnection>> ConnectAsync(ClaimsPrincipal user, string ats, string credential, CancellationToken ct) =>
        TypedResults.Ok(new AtsConnection(ats, true, await credentials.SetAsync(user.TenantId(), user.ApiKeyId(), ats, credential, ct)));

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");
}
