using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Integrations.Ashby;

/// <summary>
/// Tells Ashby through its <c>assessment.update</c> (https://developers.ashbyhq.com/docs/assessmentupdate), once per
/// assessment, with the tenant's Ashby API key as the Basic username: the result (<c>assessment_status</c>,
/// <c>assessment_result</c>, <c>assessment_profile_url</c> = the report page, <c>metadata</c>, each an
/// <c>{identifier, label, type, value}</c>) once final, or <c>cancelled_reason</c> after assessment.cancel.
/// </summary>
public sealed class AshbyCallbacks(AtsCallbackServices services, IOptions<AshbyOptions> options) : AtsResultCallbacks(Ats.Ashby, options.Value, services)
{
    protected override HttpRequestMessage Request(DueCallback callback, string credential, AtsResult result)
    {
        var body = new Dictionary<string, object?>
        {
            ["assessment_id"] = callback.OrderId.ToString(),
            ["timestamp"] = Clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        if (result.Assessment is not { } assessment)
        {
            body["cancelled_reason"] = new AshbyDatum("cancelled_reason", "Cancelled", "string", "The assessment was cancelled in Ashby; the invitation was withdrawn.");
        }
        else
        {
            body["assessment_status"] = new AshbyDatum("status", "Status", "string", "Completed");
            body["assessment_result"] = assessment.Score is { } score
                ? new AshbyDatum("score", "Score", "numeric_score", score)
                : new AshbyDatum("score", "Score", "string", "No score");
            body["assessment_profile_url"] = new AshbyDatum("report", "Report", "url", result.ReportUrl);
            body["metadata"] = new[]
            {
                new AshbyDatum("summary", "Summary", "string", result.Summary()),
                new AshbyDatum("tier", "Presence tier", "string", WireName.Of(assessment.PresenceTier)),
                new AshbyDatum("band", "Band", "string", WireName.Of(assessment.Band)),
                new AshbyDatum("policy", "Policy", "string", assessment.PolicyVersion),
            };
        }

        var request = new HttpRequestMessage(HttpMethod.Post, callback.CallbackUrl) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Authorization", BasicKeyAuthentication.HeaderFor(credential));
        return request;
    }
}
