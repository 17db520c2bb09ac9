using System.Net.Http.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Infrastructure;
using RecruitSignal.Outbound;

namespace RecruitSignal.Integrations.Ashby;

/// <summary>
/// Tells Ashby through its <c>assessment.update</c> (https://developers.ashbyhq.com/docs/assessmentupdate), once per
/// assessment, with the tenant's Ashby API key as the Basic username: the result (<c>assessment_status</c>,
/// <c>assessment_result</c>, <c>assessment_profile_url</c> = the report page, <c>metadata</c>, each an
/// <c>{identifier, label, type, value}</c>) once final, or <c>cancelled_reason</c> after assessment.cancel.
/// </summary>
public sealed class AshbyCallbacks(
    NpgsqlDataSource dataSource, IOptions<AshbyOptions> options, IDataProtectionProvider protection, TargetGuard guard, AtsResults results,
    TimeProvider clock, ILogger<AshbyCallbacks> logger)
    : AtsCallbacks(Ats.Ashby, dataSource, options.Value, protection, guard, clock, logger)
{
    protected override async Task<HttpRequestMessage> RequestAsync(DueCallback callback, string credential, CancellationToken ct)
    {
        var result = await results.FindAsync(callback.TenantId, Ats.Ashby, null, callback.OrderId, ct)
            ?? throw new HttpRequestException("The order is no longer held (the candidate was erased).");
        var body = new Dictionary<string, object?>
        {
            ["assessment_id"] = callback.OrderId.ToString(),
            ["timestamp"] = Clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        if (result.Assessment is not { } assessment)
        {
            body["cancelled_reason"] = new AshbyDatum("cancelled_reason", "Cancelled", "String", "The assessment was cancelled in Ashby; the invitation was withdrawn.");
        }
        else
        {
            body["assessment_status"] = new AshbyDatum("status", "Status", "String", "Completed");
            body["assessment_result"] = assessment.Score is { } score
                ? new AshbyDatum("score", "Score", "Numeric", score)
                : new AshbyDatum("score", "Score", "String", "No score");
            body["assessment_profile_url"] = new AshbyDatum("report", "Report", "Url", result.ReportUrl);
            body["metadata"] = new[]
            {
                new AshbyDatum("summary", "Summary", "String", result.Summary()),
                new AshbyDatum("tier", "Presence tier", "String", WireName.Of(assessment.PresenceTier)),
                new AshbyDatum("band", "Band", "String", WireName.Of(assessment.Band)),
                new AshbyDatum("policy", "Policy", "String", assessment.PolicyVersion),
            };
        }

        var request = new HttpRequestMessage(HttpMethod.Post, callback.CallbackUrl) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Authorization", BasicKeyAuthentication.HeaderFor(credential));
        return request;
    }
}
