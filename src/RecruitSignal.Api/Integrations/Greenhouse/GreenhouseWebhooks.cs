using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Invitations;
using RecruitSignal.Privacy;
using RecruitSignal.Telemetry;
using RecruitSignal.Tenants;

namespace RecruitSignal.Integrations.Greenhouse;

/// <param name="Secret">The signing secret to paste into Greenhouse's web hook "Secret key", shown this once.</param>
/// <param name="Url">The endpoint URL to give Greenhouse: it names the tenant's receiver by a random id, which is not a secret.</param>
public sealed record GreenhouseWebhookSecret(string Secret, string Url, DateTimeOffset CreatedAt);

/// <summary>What the receiver did with a web hook.</summary>
/// <param name="Action">Greenhouse's <c>action</c>.</param>
/// <param name="Erased">For <c>delete_candidate</c>: whether a candidate was held here and erased (false when none was).</param>
public sealed record GreenhouseWebhookAnswer(string Action, bool Erased);

/// <summary>
/// Greenhouse's web hooks. A tenant makes a secret (<c>POST /v1/integrations/greenhouse/webhook-secret</c>, shown once)
/// and gives Greenhouse the URL that answer holds, which names the tenant's receiver by a random, non-secret id. Each
/// delivery must carry <c>Signature: sha256 &lt;hex&gt;</c>, the HMAC-SHA256 of the raw body with that secret. On
/// <c>delete_candidate</c> the candidate <c>greenhouse:{person id}</c> is erased by the usual erasure; <c>ping</c> and
/// every other action are acknowledged and otherwise ignored, so that Greenhouse neither retries nor disables the hook.
/// </summary>
public sealed class GreenhouseWebhooks(
    NpgsqlDataSource dataSource, IDataProtectionProvider protection, IOptions<PublicUrl> publicUrl, CandidateErasure erasure,
    FailedAuthentication failures, AuditLog audit, TimeProvider clock)
{
    public const string SignatureHeader = "Signature";
    public const string Challenge = "Signature realm=\"RecruitSignal\"";
    public const long MaxBodyBytes = 1024 * 1024;
    private const string SecretProtection = "RecruitSignal.Greenhouse.WebhookSecret.v1";

    private const string SetSql = """
        insert into greenhouse_webhook_receivers (tenant_id, receiver_id, protected_secret, created_at)
        values (@tenantId, @receiverId, @protectedSecret, @now)
        on conflict (tenant_id) do update set protected_secret = excluded.protected_secret, created_at = excluded.created_at
        returning receiver_id
        """;

    private const string DeleteSql = "delete from greenhouse_webhook_receivers where tenant_id = @tenantId";

    private const string ReceiverSql = "select tenant_id, protected_secret from greenhouse_webhook_receivers where receiver_id = @receiverId";

    private const string CandidateSql = "select id from candidates where tenant_id = @tenantId and external_id = @externalId";

    private IDataProtector Protector => protection.CreateProtector(SecretProtection);

    /// <summary>A new secret for the tenant (replacing any), with the URL Greenhouse should deliver to.</summary>
    public async Task<GreenhouseWebhookSecret> SetSecretAsync(Guid tenantId, Guid? apiKeyId, CancellationToken ct)
    {
        var secret = "ghws_" + InvitationToken.New();
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var receiverId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(SetSql, new
        {
            tenantId, receiverId = Guid.NewGuid(), protectedSecret = Protector.Protect(secret), now,
        }, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, new(AuditAction.GreenhouseWebhookSecretSet, AuditTarget.Settings, "greenhouse-webhooks"), ct);
        await transaction.CommitAsync(ct);
        return new GreenhouseWebhookSecret(secret, publicUrl.Value.Link($"/integrations/greenhouse/webhooks?receiver={receiverId}"), now);
    }

    public async Task DeleteSecretAsync(Guid tenantId, Guid? apiKeyId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { tenantId }, transaction, cancellationToken: ct)) > 0)
        {
            await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, new(AuditAction.GreenhouseWebhookSecretDeleted, AuditTarget.Settings, "greenhouse-webhooks"), ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>Checks the signature over the raw body, then acts on the web hook.</summary>
    internal async Task<Results<Ok<GreenhouseWebhookAnswer>, ProblemHttpResult, ValidationProblem>> ReceiveAsync(HttpContext http, string? receiver, CancellationToken ct)
    {
        var client = http.Connection.RemoteIpAddress;
        if (failures.RetryAfter(client) is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed authentications.");
        }

        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, ct);
        var raw = body.ToArray();
        var tenantId = await VerifiedTenantAsync(receiver, http.Request.Headers[SignatureHeader].ToString(), raw, ct);
        if (tenantId is not { } tenant)
        {
            failures.Record(client);
            Instruments.AuthenticationFailed("signature");
            http.Response.Headers.WWWAuthenticate = Challenge;
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "The web hook must reach its receiver's URL and carry 'Signature: sha256 <hex HMAC-SHA256 of the body with the secret>'.");
        }

        string action;
        long? personId;
        try
        {
            using var document = JsonDocument.Parse(raw);
            var root = document.RootElement;
            action = root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "";
            personId = root.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object
                && p.TryGetProperty("person", out var who) && who.ValueKind == JsonValueKind.Object
                && who.TryGetProperty("id", out var id) ? IdOf(id) : null;
        }
        catch (JsonException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["The JSON is malformed here."] }, title: "The request body is not valid JSON for this endpoint.");
        }

        if (action.Length == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["action"] = ["'action' is required: Greenhouse's event name."] }, title: "The request is not valid.");
        }

        if (action != "delete_candidate")
        {
            return TypedResults.Ok(new GreenhouseWebhookAnswer(action, false));
        }

        if (personId is not { } person)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["payload.person.id"] = ["'payload.person.id' is required: the Greenhouse id of the deleted candidate."] }, title: "The request is not valid.");
        }

        return TypedResults.Ok(new GreenhouseWebhookAnswer(action, await EraseAsync(tenant, $"greenhouse:{person}", ct)));
    }

    // Greenhouse sends ids as numbers; a string of digits is taken too.
    private static long? IdOf(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.Number when id.TryGetInt64(out var number) && number > 0 => number,
        JsonValueKind.String when long.TryParse(id.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0 => number,
        _ => null,
    };

    private async Task<bool> EraseAsync(Guid tenantId, string externalId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var candidateId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(CandidateSql, new { tenantId, externalId }, transaction, cancellationToken: ct));
        var erased = candidateId is { } id && await erasure.EraseAsync(connection, transaction, tenantId, id, ErasureReason.Request, null, ct);
        await transaction.CommitAsync(ct);
        return erased;
    }

    /// <summary>The tenant whose secret signed the body, or null. Unknown receivers and bad signatures look alike.</summary>
    private async Task<Guid?> VerifiedTenantAsync(string? receiver, string signature, byte[] raw, CancellationToken ct)
    {
        if (!Guid.TryParse(receiver, out var receiverId) || !signature.StartsWith("sha256 ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid TenantId, string ProtectedSecret)?>(new CommandDefinition(ReceiverSql, new { receiverId }, cancellationToken: ct));
        if (row is not { } found)
        {
            return null;
        }

        string secret;
        try
        {
            secret = Protector.Unprotect(found.ProtectedSecret);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), raw)));
        var presented = Encoding.ASCII.GetBytes(signature["sha256 ".Length..].Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, presented) ? found.TenantId : null;
    }
}
