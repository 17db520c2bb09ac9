using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecruitSignal.Integrations.Ashby;

/// <summary>An Ashby web hook as delivered: its <c>action</c> and its <c>data</c>, whose shape depends on it.</summary>
/// <param name="Action">The event, e.g. <c>candidateDelete</c> (acted on) or <c>ping</c>.</param>
/// <param name="Data">For <c>candidateDelete</c>: <c>{"candidate": {"id": "..."}}</c>; other properties are ignored.</param>
public sealed record AshbyWebhookEvent([property: JsonPropertyName("action")] string Action, [property: JsonPropertyName("data")] JsonElement Data);

/// <summary>
/// Ashby's web hooks (https://developers.ashbyhq.com/docs/setting-up-webhooks), on the adapters' receiver
/// (<see cref="AtsWebhooks"/>): each delivery carries <c>Ashby-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the raw
/// body with the secret token the tenant set in Ashby (https://developers.ashbyhq.com/docs/authenticating-webhooks); on
/// <c>candidateDelete</c> the candidate <c>ashby:{data.candidate.id}</c> is erased by the usual erasure.
/// </summary>
public static class AshbyWebhooks
{
    public static AtsWebhookContract Contract { get; } = new(
        Ats.Ashby, "Ashby-Signature", header => header.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? header["sha256=".Length..] : null,
        Challenge: "Ashby-Signature realm=\"RecruitSignal\"", SecretPrefix: "abws_", DeleteAction: "candidateDelete", CandidatePath: "data.candidate.id",
        root => root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("candidate", out var candidate) && candidate.ValueKind == JsonValueKind.Object
            && candidate.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 and <= 100 } ashbyId ? ashbyId : null);
}
