using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Invitations;
using RecruitSignal.Outbound;
using RecruitSignal.Policies;
using RecruitSignal.Screenings;

namespace RecruitSignal.Integrations.Greenhouse;

public enum SendTestOutcome { Sent, Replayed, Refused, EmailOff }

/// <summary>
/// send_test, from Greenhouse's request to COMMIT: the candidate upserted by <c>greenhouse:{person id}</c>, an invitation
/// (scored with the test's policy, in the tenant's invitation language) with its email queued, the interview with the
/// credential kept for the PATCH, and the audit entries, in one transaction. The same <c>url</c> again is the same
/// interview: its id is answered and nothing is written or sent. Any refusal writes nothing.
/// </summary>
public sealed class SendTest(
    NpgsqlDataSource dataSource, ScreeningStore candidates, InvitationService invitations, PolicyStore policies, AuditLog audit,
    IDataProtectionProvider protection, IOptions<GreenhouseOptions> options, IOptions<SmtpOptions> smtp, TargetGuard guard, TimeProvider clock)
{
    private const string ExistingSql = "select id from greenhouse_interviews where tenant_id = @tenantId and url_hash = @urlHash";

    private const string InsertSql = """
        insert into greenhouse_interviews (tenant_id, id, url_hash, url, partner_test_id, candidate_id, invitation_id, protected_credential, api_key_id, created_at)
        values (@tenantId, @id, @urlHash, @url, @partnerTestId, @candidateId, @invitationId, @credential, @apiKeyId, @now)
        on conflict (tenant_id, url_hash) do nothing
        returning id
        """;

    public async Task<(SendTestOutcome Outcome, Guid? InterviewId, string? Field, string? Refusal)> SendAsync(
        Guid tenantId, Guid? apiKeyId, string key, SendTestRequest request, CancellationToken ct)
    {
        var url = request.CallbackUrl()!;
        if (await CallbackUrl.RefusalAsync(url, options.Value, guard, ct) is { } refused)
        {
            return (SendTestOutcome.Refused, null, "url", refused);
        }

        var urlHash = CallbackUrl.Hash(url);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (await ExistingAsync(connection, tenantId, urlHash, ct) is { } existing)
        {
            return (SendTestOutcome.Replayed, existing, null, null);
        }

        if (await policies.FindAsync(tenantId, request.PartnerTestId!, ct) is null)
        {
            return (SendTestOutcome.Refused, null, "partner_test_id", $"'{request.PartnerTestId}' is not a test of this account: ask list_tests.");
        }

        if (!smtp.Value.IsConfigured)
        {
            return (SendTestOutcome.EmailOff, null, null, null);
        }

        var now = clock.GetUtcNow();
        var candidate = request.Candidate!;
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var candidateId = await candidates.UpsertCandidateAsync(transaction, tenantId,
            "greenhouse:" + SendTestValidator.PersonIdOf(candidate.GreenhouseProfileUrl), candidate.FullName(), candidate.Email, now, ct);
        var (_, invitation) = await invitations.CreateAsync(connection, transaction, tenantId, candidateId, language: null, candidate.Email,
            sendEmail: true, options.Value.InvitationDays, apiKeyId, ct, request.PartnerTestId);
        var interviewId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(InsertSql, new
        {
            tenantId, id = Guid.CreateVersion7(now), urlHash, url, partnerTestId = request.PartnerTestId, candidateId, invitationId = invitation!.Id,
            credential = protection.CreateProtector(GreenhouseCallbacks.CredentialProtection).Protect(key), apiKeyId, now,
        }, transaction, cancellationToken: ct));
        if (interviewId is not { } id)
        {
            // The same url committed meanwhile (a retry racing the first call): that interview is the answer.
            await transaction.RollbackAsync(ct);
            return (SendTestOutcome.Replayed, await ExistingAsync(connection, tenantId, urlHash, ct), null, null);
        }

        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, AuditEvent.Of(AuditAction.GreenhouseTestSent, AuditTarget.GreenhouseInterview, id), ct);
        await transaction.CommitAsync(ct);
        return (SendTestOutcome.Sent, id, null, null);
    }

    private static Task<Guid?> ExistingAsync(NpgsqlConnection connection, Guid tenantId, byte[] urlHash, CancellationToken ct) =>
        connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(ExistingSql, new { tenantId, urlHash }, cancellationToken: ct));
}
