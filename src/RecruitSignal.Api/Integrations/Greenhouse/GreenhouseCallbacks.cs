using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Outbound;
using RecruitSignal.Telemetry;

namespace RecruitSignal.Integrations.Greenhouse;

/// <summary>
/// Tells Greenhouse a test is done: <c>PATCH {url}</c> with no body and the Basic credential Greenhouse used on
/// send_test, once per interview, through the adapters' result outbox (<see cref="AtsCallbacks"/>), so that the
/// test_status Greenhouse asks next says complete. Given up after <c>Greenhouse__RetryWindow</c> from the first attempt.
/// </summary>
public sealed class GreenhouseCallbacks(
    NpgsqlDataSource dataSource, IOptions<GreenhouseOptions> options, Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection,
    TargetGuard guard, TimeProvider clock, ILogger<GreenhouseCallbacks> logger)
    : AtsCallbacks(Ats.Greenhouse, dataSource, options.Value, protection, guard, clock, logger)
{
    protected override Task<HttpRequestMessage> RequestAsync(DueCallback callback, string credential, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, callback.CallbackUrl);
        request.Headers.TryAddWithoutValidation("Authorization", BasicKeyAuthentication.HeaderFor(credential));
        return Task.FromResult(request);
    }

    protected override void Count(string outcome) => Instruments.GreenhousePatch(outcome);
}
