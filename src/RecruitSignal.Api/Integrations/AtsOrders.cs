using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Invitations;
using RecruitSignal.Policies;
using RecruitSignal.Screenings;

namespace RecruitSignal.Integrations;

/// <summary>
/// An ATS's order, from its request to COMMIT: the candidate upserted by the ATS's own id, an invitation (scored with the
/// order's policy, in the tenant's invitation language) with its email queued, the order with the credential kept for the
/// result, and the audit entry, in one transaction. The same order key again is the same order: its id is answered and
/// nothing is written or sent. Any refusal writes nothing. Cancelling ends the invitation.
/// </summary>
public sealed class AtsOrders(
    NpgsqlDataSource dataSource, ScreeningStore candidates, InvitationService invitations, InvitationStore invitationStore, PolicyStore policies,
    AuditLog audit, IDataProtectionProvider protection, IOptions<SmtpOptions> smtp, TimeProvider clock)
{
    private const string ExistingSql = "select id from ats_orders where tenant_id = @tenantId and ats = @ats and order_key_hash = @keyHash";

    // The order already placed under this key, if any, and the credential kept for the ATS: one round trip.
    private const string ExistingAndCredentialSql = """
        select (select id from ats_orders where tenant_id = @tenantId and ats = @ats and order_key_hash = @keyHash) as existing,
            (select protected_credential from ats_credentials where tenant_id = @tenantId and ats = @ats) as credential
        """;

    private const string InsertSql = """
        insert into ats_orders (tenant_id, id, ats, order_key_hash, callback_url, partner_test_id, candidate_id, invitation_id, protected_credential, api_key_id, created_at)
        values (@tenantId, @id, @ats, @keyHash, @url, @policyVersion, @candidateId, @invitationId, @credential, @apiKeyId, @now)
        on conflict (tenant_id, ats, order_key_hash) do nothing
        returning id
        """;

    private const string InvitationSql = "select invitation_id from ats_orders where tenant_id = @tenantId and ats = @ats and id = @id";

    // Withdrawn by the ATS: the result is no longer wanted, unless the ATS wants to hear of the cancellation (notify),
    // in which case it is queued now and sent at once.
    private const string CancelSql = """
        with ordered as (
            update ats_orders set cancelled_at = coalesce(cancelled_at, @now),
                protected_credential = case when @notify then protected_credential end
            where tenant_id = @tenantId and ats = @ats and id = @id
            returning tenant_id, id
        ),
        dropped as (
            delete from ats_callbacks where tenant_id = @tenantId and order_id = @id and status = 'pending' and not @notify
        )
        insert into ats_callbacks (tenant_id, order_id, status, attempts, next_attempt_at, created_at, updated_at)
        select tenant_id, id, 'pending', 0, @now, @now, @now from ordered where @notify
        on conflict (tenant_id, order_id) do update set status = 'pending', next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at
        where ats_callbacks.status = 'pending'
        """;

    public async Task<(AtsOrderOutcome Outcome, Guid? OrderId)> PlaceAsync(
        Guid tenantId, Guid? apiKeyId, AtsOrder order, int invitationDays, AuditEvent audited, CancellationToken ct)
    {
        var keyHash = CallbackTarget.Hash(order.OrderKey);
        // Read before taking a connection, which must not wait for a second one (see PolicyStore.ResolveAsync).
        var policy = await policies.FindAsync(tenantId, order.PolicyVersion, ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var (existing, storedCredential) = await connection.QuerySingleAsync<(Guid?, string?)>(new CommandDefinition(
            ExistingAndCredentialSql, new { tenantId, ats = order.Ats, keyHash }, cancellationToken: ct));
        if (existing is not null)
        {
            return (AtsOrderOutcome.Replayed, existing);
        }

        if (policy is null)
        {
            return (AtsOrderOutcome.UnknownTest, null);
        }

        var credential = order.Credential is { } given ? protection.CreateProtector(Ats.CredentialProtection(order.Ats)).Protect(given) : storedCredential;
        if (credential is null)
        {
            return (AtsOrderOutcome.NotConnected, null);
        }

        if (!smtp.Value.IsConfigured)
        {
            return (AtsOrderOutcome.EmailOff, null);
        }

        var now = clock.GetUtcNow();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var candidateId = await candidates.UpsertCandidateAsync(transaction, tenantId, order.ExternalId, order.Name, order.Email, now, ct);
        var (_, invitation) = await invitations.CreateAsync(connection, transaction, tenantId, candidateId, language: null, order.Email,
            sendEmail: true, invitationDays, apiKeyId, ct, order.PolicyVersion);

        // The order and its audit entry in one round trip; the entry goes with the order if a retry won the key meanwhile.
        var id = Guid.CreateVersion7(now);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(InsertSql)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<Guid>("tenantId", tenantId),
                        new NpgsqlParameter<Guid>("id", id),
                        new NpgsqlParameter<string>("ats", order.Ats),
                        new NpgsqlParameter<byte[]>("keyHash", keyHash),
                        SqlParameters.Text("url", order.CallbackUrl),
                        new NpgsqlParameter<string>("policyVersion", order.PolicyVersion),
                        new NpgsqlParameter<Guid>("candidateId", candidateId),
                        new NpgsqlParameter<Guid>("invitationId", invitation!.Id),
                        new NpgsqlParameter<string>("credential", credential),
                        SqlParameters.Uuid("apiKeyId", apiKeyId),
                        new NpgsqlParameter<DateTimeOffset>("now", now),
                    },
                },
                audit.AppendCommand(tenantId, apiKeyId, audited with { TargetId = id.ToString("D") }),
            },
        };
        bool placed;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            placed = await reader.ReadAsync(ct);
            while (await reader.NextResultAsync(ct))
            {
                // the audit statement returns nothing to read; reading on surfaces its errors
            }
        }

        if (!placed)
        {
            // The same order committed meanwhile (a retry racing the first call): that order is the answer.
            await transaction.RollbackAsync(ct);
            return (AtsOrderOutcome.Replayed, await ExistingAsync(connection, tenantId, order.Ats, keyHash, ct));
        }

        await transaction.CommitAsync(ct);
        return (AtsOrderOutcome.Placed, id);
    }

    /// <summary>Ends the order's invitation and marks the order withdrawn; false when the tenant has no such order.</summary>
    /// <param name="notify">Queue the cancellation for the ATS (Ashby); otherwise nothing more is sent (Workable).</param>
    public async Task<bool> CancelAsync(Guid tenantId, Guid? apiKeyId, string ats, Guid id, bool notify, CancellationToken ct)
    {
        Guid? invitationId;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            invitationId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(InvitationSql, new { tenantId, ats, id }, cancellationToken: ct));
        }

        if (invitationId is not { } invitation)
        {
            return false;
        }

        // Both steps are idempotent: an ATS retrying after a failure in between completes the cancellation.
        await invitationStore.CancelAsync(tenantId, apiKeyId, invitation, ct);
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(CancelSql, new { tenantId, ats, id, notify, now = clock.GetUtcNow() }, cancellationToken: ct));
        }

        return true;
    }

    private static Task<Guid?> ExistingAsync(NpgsqlConnection connection, Guid tenantId, string ats, byte[] keyHash, CancellationToken ct) =>
        connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(ExistingSql, new { tenantId, ats, keyHash }, cancellationToken: ct));
}
