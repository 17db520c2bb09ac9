using System.Net.Http.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Outbound;

namespace RecruitSignal.Integrations.Workable;

/// <summary>
/// Gives Workable the result: <c>PUT {callback_url}</c> with <c>{status, results_url, assessment: {score, summary}}</c>
/// and the token Workable issued to the tenant as Bearer, once per order, through the adapters' result outbox. A
/// withdrawn order sends nothing.
/// </summary>
public sealed class WorkableCallbacks(
    NpgsqlDataSource dataSource, IOptions<WorkableOptions> options, IDataProtectionProvider protection, TargetGuard guard, AtsResults results,
    TimeProvider clock, ILogger<WorkableCallbacks> logger)
    : AtsCallbacks(Ats.Workable, dataSource, options.Value, protection, guard, clock, logger)
{
    protected override async Task<HttpRequestMessage> RequestAsync(DueCallback callback, string credential, CancellationToken ct)
    {
        var result = await results.FindAsync(callback.TenantId, Ats.Workable, null, callback.OrderId, ct)
            ?? throw new HttpRequestException("The order is no longer held (the candidate was erased).");
        var request = new HttpRequestMessage(HttpMethod.Put, callback.CallbackUrl)
        {
            Content = JsonContent.Create(new WorkableResult("completed", result.ReportUrl, new WorkableScore(result.Assessment?.Score, result.Summary()))),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + credential);
        return request;
    }
}
