using System.Globalization;
using System.Text.Json;

namespace RecruitSignal.Integrations.Greenhouse;

/// <summary>
/// Greenhouse's web hooks, on the adapters' receiver (<see cref="AtsWebhooks"/>): each delivery carries
/// <c>Signature: sha256 &lt;hex&gt;</c>, the HMAC-SHA256 of the raw body with the tenant's secret; on
/// <c>delete_candidate</c> the candidate <c>greenhouse:{payload.person.id}</c> is erased by the usual erasure.
/// </summary>
public static class GreenhouseWebhooks
{
    public const string SignatureHeader = "Signature";
    public const string Challenge = "Signature realm=\"RecruitSignal\"";

    public static AtsWebhookContract Contract { get; } = new(
        Ats.Greenhouse, SignatureHeader, header => header.StartsWith("sha256 ", StringComparison.OrdinalIgnoreCase) ? header["sha256 ".Length..] : null,
        Challenge, SecretPrefix: "ghws_", DeleteAction: "delete_candidate", CandidatePath: "payload.person.id", PersonId);

    // Greenhouse sends ids as numbers; a string of digits is taken too.
    private static string? PersonId(JsonElement root) =>
        root.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object
        && p.TryGetProperty("person", out var who) && who.ValueKind == JsonValueKind.Object && who.TryGetProperty("id", out var id)
            ? id.ValueKind switch
            {
                JsonValueKind.Number when id.TryGetInt64(out var number) && number > 0 => number.ToString(CultureInfo.InvariantCulture),
                JsonValueKind.String when long.TryParse(id.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 =>
                    number.ToString(CultureInfo.InvariantCulture),
                _ => null,
            }
            : null;
}
