using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Candidates;
using RecruitSignal.Infrastructure;
using RecruitSignal.Screenings;
using static RecruitSignal.Infrastructure.SqlParameters;

namespace RecruitSignal.Invitations;

public enum InvitationCreation { Created, CandidateNotFound, NoEmailAddress }

/// <summary>
/// Creates invitations inside the caller's transaction, so another feature (an ATS adapter's send_test) can invite
/// a candidate as part of its own work; a null language is the tenant's invitation language, and a policy version
/// (a Greenhouse test's) is the one the candidate's answer is scored with, instead of the tenant's active one. The
/// token leaves this class twice only: in the answer and, protected, in the email outbox row, which is cleared once
/// the email is sent.
/// </summary>
public sealed class InvitationService(IOptions<PublicUrl> publicUrl, IOptions<SmtpOptions> smtp, IDataProtectionProvider protection, AuditLog audit, TimeProvider clock)
{
    /// <summary>Purpose of the Data Protection payloads holding invitation links.</summary>
    public const string LinkProtection = "RecruitSignal.Invitations.Link.v1";

    // The candidate's key-share lock (CandidateLock's rule: the first lock the transaction takes), their email and the
    // tenant's invitation language, in one round trip.
    private const string CandidateSql = """
        select c.email, (select s.invitation_language from tenant_settings s where s.tenant_id = @tenantId) as language
        from candidates c where c.tenant_id = @tenantId and c.id = @candidateId
        for key share of c
        """;

    private const string InsertSql = """
        insert into candidate_invitations (tenant_id, id, candidate_id, token_hash, language, status, expires_at, api_key_id, policy_version, created_at, updated_at)
        values (@tenantId, @id, @candidateId, @tokenHash, @language, 'pending', @expiresAt, @apiKeyId, @policyVersion, @now, @now)
        """;

    private const string EnqueueEmailSql = """
        insert into invitation_emails (tenant_id, id, invitation_id, recipient, protected_link, status, attempts, next_attempt_at, created_at, updated_at)
        values (@tenantId, @id, @invitationId, @recipient, @protectedLink, 'pending', 0, @now, @now, @now)
        """;

    /// <summary>The link of a token: <c>{PublicBaseUrl}/c/{token}</c>.</summary>
    public string LinkOf(string token) => publicUrl.Value.Link($"/c/{token}");

    public async Task<(InvitationCreation Outcome, CreatedInvitation? Invitation)> CreateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid candidateId, string? language, string? email,
        bool sendEmail, int expiresInDays, Guid? apiKeyId, CancellationToken ct, string? policyVersion = null)
    {
        var candidate = await connection.QuerySingleOrDefaultAsync<CandidateRow>(new CommandDefinition(
            CandidateSql, new { tenantId, candidateId }, transaction, cancellationToken: ct));
        if (candidate is null)
        {
            return (InvitationCreation.CandidateNotFound, null);
        }

        var recipient = email ?? candidate.Email;
        var queueEmail = sendEmail && smtp.Value.IsConfigured;
        if (queueEmail && string.IsNullOrWhiteSpace(recipient))
        {
            return (InvitationCreation.NoEmailAddress, null);
        }

        language ??= candidate.Language ?? InvitationSettingsEndpoints.DefaultLanguage;
        var now = ScreeningStore.Microseconds(clock.GetUtcNow());
        var id = Guid.CreateVersion7(now);
        var token = InvitationToken.New();
        var expiresAt = now.AddDays(expiresInDays);
        var link = LinkOf(token);

        // The invitation, its email and its audit entry in one round trip.
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
                        new NpgsqlParameter<Guid>("candidateId", candidateId),
                        new NpgsqlParameter<byte[]>("tokenHash", InvitationToken.Hash(token)),
                        new NpgsqlParameter<string>("language", language),
                        new NpgsqlParameter<DateTimeOffset>("expiresAt", expiresAt),
                        Uuid("apiKeyId", apiKeyId),
                        Text("policyVersion", policyVersion),
                        new NpgsqlParameter<DateTimeOffset>("now", now),
                    },
                },
            },
        };
        if (queueEmail)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(EnqueueEmailSql)
            {
                Parameters =
                {
                    new NpgsqlParameter<Guid>("tenantId", tenantId),
                    new NpgsqlParameter<Guid>("id", Guid.CreateVersion7(now)),
                    new NpgsqlParameter<Guid>("invitationId", id),
                    new NpgsqlParameter<string>("recipient", recipient!),
                    new NpgsqlParameter<string>("protectedLink", protection.CreateProtector(LinkProtection).Protect(link)),
                    new NpgsqlParameter<DateTimeOffset>("now", now),
                },
            });
        }

        batch.BatchCommands.Add(audit.AppendCommand(tenantId, apiKeyId, AuditEvent.Of(AuditAction.InvitationCreated, AuditTarget.Invitation, id)));
        await batch.ExecuteNonQueryAsync(ct);
        return (InvitationCreation.Created, new CreatedInvitation(id, candidateId, link, InvitationStatus.Pending, expiresAt, queueEmail));
    }

    private sealed record CandidateRow(string? Email, string? Language);
}
