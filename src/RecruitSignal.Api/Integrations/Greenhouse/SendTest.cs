using Microsoft.Extensions.Options;
using RecruitSignal.Audit;
using RecruitSignal.Outbound;

namespace RecruitSignal.Integrations.Greenhouse;

public enum SendTestOutcome { Sent, Replayed, Refused, EmailOff }

/// <summary>
/// send_test mapped onto an order (<see cref="AtsOrders"/>): the candidate is <c>greenhouse:{person id}</c>, the order key
/// is the <c>url</c> (the same url again is the same interview), and the credential kept for the PATCH is the Basic key
/// Greenhouse used. The url is checked against <c>Greenhouse__CallbackHosts</c> before anything is written.
/// </summary>
public sealed class SendTest(AtsOrders orders, IOptions<GreenhouseOptions> options, TargetGuard guard)
{
    public async Task<(SendTestOutcome Outcome, Guid? InterviewId, string? Field, string? Refusal)> SendAsync(
        Guid tenantId, Guid? apiKeyId, string key, SendTestRequest request, CancellationToken ct)
    {
        var url = request.CallbackUrl()!;
        var settings = options.Value;
        if (await CallbackTarget.RefusalAsync(url, "url", "Greenhouse", settings.AllowedHosts, "Greenhouse__CallbackHosts", settings.AllowPrivateTargets, guard, ct) is { } refused)
        {
            return (SendTestOutcome.Refused, null, "url", refused);
        }

        var candidate = request.Candidate!;
        var order = new AtsOrder(Ats.Greenhouse, url, url, request.PartnerTestId!,
            "greenhouse:" + SendTestValidator.PersonIdOf(candidate.GreenhouseProfileUrl), candidate.FullName(), candidate.Email!, key);
        var (outcome, id) = await orders.PlaceAsync(tenantId, apiKeyId, order, settings.InvitationDays,
            new AuditEvent(AuditAction.GreenhouseTestSent, AuditTarget.GreenhouseInterview, ""), ct);
        return outcome switch
        {
            AtsOrderOutcome.Placed => (SendTestOutcome.Sent, id, null, null),
            AtsOrderOutcome.Replayed => (SendTestOutcome.Replayed, id, null, null),
            AtsOrderOutcome.UnknownTest => (SendTestOutcome.Refused, null, "partner_test_id", $"'{request.PartnerTestId}' is not a test of this account: ask list_tests."),
            _ => (SendTestOutcome.EmailOff, null, null, null),
        };
    }
}
