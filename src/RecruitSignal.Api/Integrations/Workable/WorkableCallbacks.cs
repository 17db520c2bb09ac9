using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace RecruitSignal.Integrations.Workable;

/// <summary>
/// Gives Workable the result: <c>PUT {callback_url}</c> with <c>{status, results_url, assessment: {score, summary}}</c>
/// and the token Workable issued to the tenant as Bearer, once per order, through the adapters' result outbox. A
/// withdrawn order sends nothing.
/// </summary>
public sealed class WorkableCallbacks(AtsCallbackServices services, IOptions<WorkableOptions> options) : AtsResultCallbacks(Ats.Workable, options.Value, services)
{
    protected override HttpRequestMessage Request(DueCallback callback, string credential, AtsResult result)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, callback.CallbackUrl)
        {
            Content = JsonContent.Create(new WorkableResult("completed", result.ReportUrl, new WorkableScore(result.Assessment?.Score, result.Summary()))),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + credential);
        return request;
    }
}
