using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Candidates;
using RecruitSignal.Infrastructure;
using RecruitSignal.Screenings;

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

    private const string CandidateSql = "select true as found, email from candidates where tenant_id = @tenantId and id = @candidateId";

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
        if (!await CandidateLock.HoldAsync(connection, transaction, tenantId, candidateId, ct))
        {
            return (InvitationCreation.CandidateNotFound, null);
        }

        var candidate = await connection.QuerySingleOrDefaultAsync<(bool Found, string? Email)>(new CommandDefinition(
            CandidateSql, new { tenantId, candidateId }, transaction, cancellationToken: ct));
        if (!candidate.Found)
        {
            return (InvitationCreation.CandidateNotFound, null);
        }

        var recipient = email ?? candidate.Email;
        var queueEmail = sendEmail && smtp.Value.IsConfigured;
        if (queueEmail && string.IsNullOrWhiteSpace(recipient))
        {
            return (InvitationCreation.NoEmailAddress, null);
        }

        language ??= await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            InvitationSettingsEndpoints.LanguageSql, new { tenantId }, transaction, cancellationToken: ct)) ?? InvitationSettingsEndpoints.DefaultLanguage;
        var now = ScreeningStore.Microseconds(clock.GetUtcNow());
        var id = Guid.CreateVersion7(now);
        var token = InvitationToken.New();
        var expiresAt = now.AddDays(expiresInDays);
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            tenantId, id, candidateId, tokenHash = InvitationToken.Hash(token), language, expiresAt, apiKeyId, policyVersion, now,
        }, transaction, cancellationToken: ct));

        var link = LinkOf(token);
        if (queueEmail)
        {
            await connection.ExecuteAsync(new CommandDefinition(EnqueueEmailSql, new
            {
                tenantId, id = Guid.CreateVersion7(now), invitationId = id, recipient,
                protectedLink = protection.CreateProtector(LinkProtection).Protect(link), now,
            }, transaction, cancellationToken: ct));
        }

        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, AuditEvent.Of(AuditAction.InvitationCreated, AuditTarget.Invitation, id), ct);
        return (InvitationCreation.Created, new CreatedInvitation(id, candidateId, link, InvitationStatus.Pending, expiresAt, queueEmail));
    }
}
