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

namespace RecruitSignal.Integrations;

/// <param name="Secret">The signing secret to paste into the ATS's web hook settings, shown this once.</param>
/// <param name="Url">The endpoint URL to give the ATS: it names the tenant's receiver by a random id, which is not a secret.</param>
public sealed record AtsWebhookSecret(string Secret, string Url, DateTimeOffset CreatedAt);

/// <summary>What the receiver did with a web hook.</summary>
/// <param name="Action">The ATS's name of the event.</param>
/// <param name="Erased">For a deleted candidate: whether one was held here and erased (false when none was).</param>
public sealed record AtsWebhookAnswer(string Action, bool Erased);

/// <summary>How one ATS signs its web hooks and names a deleted candidate.</summary>
/// <param name="SignatureHeader">Where the HMAC-SHA256 of the raw body comes (<c>Signature</c>, <c>Ashby-Signature</c>).</param>
/// <param name="Digest">The hex digest in that header's value (<c>sha256 &lt;hex&gt;</c>, <c>sha256=&lt;hex&gt;</c>), or null.</param>
/// <param name="Challenge">The <c>WWW-Authenticate</c> of a 401.</param>
/// <param name="DeleteAction">The event that asks for erasure (<c>delete_candidate</c>, <c>candidateDelete</c>).</param>
/// <param name="CandidatePath">The JSON path of the deleted candidate's id, named when it is missing.</param>
/// <param name="CandidateId">The deleted candidate's id in the event, or null.</param>
public sealed record AtsWebhookContract(
    string Ats, string SignatureHeader, Func<string, string?> Digest, string Challenge, string SecretPrefix,
    string DeleteAction, string CandidatePath, Func<JsonElement, string?> CandidateId);

/// <summary>
/// The web hooks an ATS sends when a candidate is deleted there (Greenhouse's <c>delete_candidate</c>, Ashby's
/// <c>candidateDelete</c>). A tenant makes a secret per ATS (shown once) and gives the ATS the URL that answer holds,
/// which names the tenant's receiver by a random, non-secret id. Each delivery must carry the HMAC-SHA256 of the raw
/// body with that secret. The deleted candidate (<c>{ats}:{id}</c>) is erased by the usual erasure; every other
/// event (a ping) is acknowledged and otherwise ignored, so that the ATS neither retries nor disables the hook.
/// </summary>
public sealed class AtsWebhooks(
    NpgsqlDataSource dataSource, IDataProtectionProvider protection, IOptions<PublicUrl> publicUrl, CandidateErasure erasure,
    FailedAuthentication failures, AuditLog audit, TimeProvider clock)
{
    public const long MaxBodyBytes = 1024 * 1024;

    private const string SetSql = """
        insert into ats_webhook_receivers (tenant_id, ats, receiver_id, protected_secret, created_at)
        values (@tenantId, @ats, @receiverId, @protectedSecret, @now)
        on conflict (tenant_id, ats) do update set protected_secret = excluded.protected_secret, created_at = excluded.created_at
        returning receiver_id
        """;

    private const string DeleteSql = "delete from ats_webhook_receivers where tenant_id = @tenantId and ats = @ats";

    private const string ReceiverSql = "select tenant_id, protected_secret from ats_webhook_receivers where receiver_id = @receiverId and ats = @ats";

    private const string CandidateSql = "select id from candidates where tenant_id = @tenantId and external_id = @externalId";

    // Greenhouse's secrets were protected under this purpose before the receivers moved to the core; every ATS keeps its own.
    private IDataProtector Protector(string ats) => protection.CreateProtector($"RecruitSignal.{char.ToUpperInvariant(ats[0])}{ats[1..]}.WebhookSecret.v1");

    // Greenhouse's entries keep the names the audit log always gave them.
    private static (AuditAction Set, AuditAction Deleted) Audited(string ats) => ats == Ats.Greenhouse
        ? (AuditAction.GreenhouseWebhookSecretSet, AuditAction.GreenhouseWebhookSecretDeleted)
        : (AuditAction.AtsWebhookSecretSet, AuditAction.AtsWebhookSecretDeleted);

    /// <summary>A new secret for the tenant's receiver of this ATS (replacing any), with the URL the ATS should deliver to.</summary>
    public async Task<AtsWebhookSecret> SetSecretAsync(Guid tenantId, Guid? apiKeyId, AtsWebhookContract contract, CancellationToken ct)
    {
        var secret = contract.SecretPrefix + InvitationToken.New();
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var receiverId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(SetSql, new
        {
            tenantId, ats = contract.Ats, receiverId = Guid.NewGuid(), protectedSecret = Protector(contract.Ats).Protect(secret), now,
        }, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, new(Audited(contract.Ats).Set, AuditTarget.Settings, $"{contract.Ats}-webhooks"), ct);
        await transaction.CommitAsync(ct);
        return new AtsWebhookSecret(secret, publicUrl.Value.Link($"/integrations/{contract.Ats}/webhooks?receiver={receiverId}"), now);
    }

    public async Task DeleteSecretAsync(Guid tenantId, Guid? apiKeyId, string ats, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { tenantId, ats }, transaction, cancellationToken: ct)) > 0)
        {
            await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, new(Audited(ats).Deleted, AuditTarget.Settings, $"{ats}-webhooks"), ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>Checks the signature over the raw body, then acts on the web hook.</summary>
    public async Task<Results<Ok<AtsWebhookAnswer>, ProblemHttpResult, ValidationProblem>> ReceiveAsync(
        HttpContext http, AtsWebhookContract contract, string? receiver, CancellationToken ct)
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
        if (await VerifiedTenantAsync(contract, receiver, http.Request.Headers[contract.SignatureHeader].ToString(), raw, ct) is not { } tenant)
        {
            failures.Record(client);
            Instruments.AuthenticationFailed("signature");
            http.Response.Headers.WWWAuthenticate = contract.Challenge;
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"The web hook must reach its receiver's URL and carry '{contract.SignatureHeader}' with the HMAC-SHA256 of the body with the secret.");
        }

        string action;
        string? candidate;
        try
        {
            using var document = JsonDocument.Parse(raw);
            var root = document.RootElement;
            action = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "";
            candidate = root.ValueKind == JsonValueKind.Object ? contract.CandidateId(root) : null;
        }
        catch (JsonException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["The JSON is malformed here."] }, title: "The request body is not valid JSON for this endpoint.");
        }

        if (action.Length == 0)
        {
            return Invalid("action", "'action' is required: the event's name.");
        }

        if (action != contract.DeleteAction)
        {
            return TypedResults.Ok(new AtsWebhookAnswer(action, false));
        }

        return candidate is null
            ? Invalid(contract.CandidatePath, $"'{contract.CandidatePath}' is required: the id of the deleted candidate.")
            : TypedResults.Ok(new AtsWebhookAnswer(action, await EraseAsync(tenant, $"{contract.Ats}:{candidate}", ct)));
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");

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
    private async Task<Guid?> VerifiedTenantAsync(AtsWebhookContract contract, string? receiver, string signature, byte[] raw, CancellationToken ct)
    {
        if (!Guid.TryParse(receiver, out var receiverId) || contract.Digest(signature) is not { } digest)
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid TenantId, string ProtectedSecret)?>(new CommandDefinition(
            ReceiverSql, new { receiverId, ats = contract.Ats }, cancellationToken: ct));
        if (row is not { } found)
        {
            return null;
        }

        string secret;
        try
        {
            secret = Protector(contract.Ats).Unprotect(found.ProtectedSecret);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), raw)));
        var presented = Encoding.ASCII.GetBytes(digest.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, presented) ? found.TenantId : null;
    }
}
