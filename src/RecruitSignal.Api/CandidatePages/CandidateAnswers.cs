using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Consent;
using RecruitSignal.Infrastructure;
using RecruitSignal.Invitations;
using RecruitSignal.Policies;
using RecruitSignal.Presence.X;
using RecruitSignal.Scoring;
using RecruitSignal.Screenings;
using RecruitSignal.Webhooks;

namespace RecruitSignal.CandidatePages;

public enum AnswerResult { Recorded, NotFound, Expired, Cancelled, AlreadyAnswered }

/// <summary>What the candidate chose: a handle with how it was obtained, or a statement.</summary>
public sealed record Answer(InvitationOutcome Outcome, XHandle? Handle = null);

/// <summary>
/// Records a candidate's answer, each as one transaction: the invitation's status, the consent decision (with the
/// language and the hash of the notice shown), a new assessment through the one screening write path, the webhook
/// event and the audit entries; or nothing at all.
/// </summary>
public sealed class CandidateAnswers(
    NpgsqlDataSource dataSource, ConsentStore consents, ScreeningFlow screenings, PolicyStore policies,
    WebhookOutbox outbox, AuditLog audit, IOptions<XApiOptions> xApi, TimeProvider clock)
{
    public const string NoticeVersion = "candidate-page-1";

    // The profile the ATS last sent, and the job of the latest assessment: the candidate's answer is scored as
    // that screening would have been, with the candidate's handle.
    private const string ProfileSql = $"""
        select c.external_id, c.full_name, c.email, c.headline, latest.relevance_terms, latest.job_external_id
        from candidates c
        {Lookups.CandidateRefresh.LatestJobJoin}
        where c.tenant_id = @TenantId and c.id = @CandidateId
        """;

    // An answered invitation no longer needs its unsent email nor a sign-in in flight. An ATS adapter waiting for
    // this answer (a Greenhouse, Workable or Ashby order) gets its callback queued here, in the answer's own transaction, so that it can
    // be neither lost nor doubled.
    private const string AnsweredSql = $"""
        with invitation as (
            update candidate_invitations set status = @status, outcome = @outcome, answered_at = @now, assessment_id = @assessmentId, updated_at = @now
            where tenant_id = @tenantId and id = @id
        ),
        email as (
            update invitation_emails set status = 'cancelled', protected_link = null, updated_at = @now
            where tenant_id = @tenantId and invitation_id = @id and status = 'pending'
        ),
        callback as ({Integrations.AtsCallbacks.EnqueueForInvitationSql})
        delete from invitation_oauth_states where tenant_id = @tenantId and invitation_id = @id
        """;

    private const string WithdrawnSql = "update candidate_invitations set withdrawn_at = @now, updated_at = @now where tenant_id = @tenantId and id = @id";

    public async Task<AnswerResult> AnswerAsync(string token, Answer answer, Texts shown, CancellationToken ct)
    {
        var now = ScreeningStore.Microseconds(clock.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var invitation = await PageInvitation.FindAsync(connection, transaction, token, now, forUpdate: true, ct);
        if (Refusal(invitation) is { } refused)
        {
            return refused;
        }

        var i = invitation!;
        var profile = await connection.QuerySingleAsync<Profile>(new CommandDefinition(ProfileSql, i, transaction, cancellationToken: ct));
        var language = shown.Code;
        var noticeHash = shown.NoticeHash(i.Employer, xApi.Value.WindowDays, i.RetentionDays);
        var (method, ownership, statement) = answer.Outcome switch
        {
            InvitationOutcome.XSignin => ("candidate_page_x_signin", HandleOwnership.Verified, (CandidateStatement?)null),
            InvitationOutcome.TypedHandle => ("candidate_page_typed_handle", HandleOwnership.Claimed, null),
            InvitationOutcome.NoAccount => ("candidate_page_no_account", HandleOwnership.Claimed, CandidateStatement.NoAccount),
            _ => ("candidate_page_decline", HandleOwnership.Claimed, CandidateStatement.Declined),
        };

        // Giving a handle is a grant; refusing is a refusal row (which also stops pending lookups). Saying "no
        // account" needs no consent: nothing is read.
        if (answer.Handle is not null || answer.Outcome == InvitationOutcome.Declined)
        {
            var granted = answer.Outcome != InvitationOutcome.Declined;
            await consents.RecordAsync(connection, transaction, i.TenantId, i.CandidateId,
                new ConsentRequest(granted, now, NoticeVersion, method), now, ct, language, noticeHash);
        }

        var request = new ScreeningRequest(
            new CandidateProfile(profile.ExternalId, profile.FullName, profile.Email, profile.Headline, answer.Handle?.Value),
            new JobProfile(profile.JobExternalId, null, profile.RelevanceTerms is { Length: > 0 } terms ? terms : null),
            null);
        var policy = await policies.ResolveAsync(i.TenantId, i.PolicyVersion, ct) ?? ScoringPolicy.Default;
        var screening = Screening.FromCandidate(request, policy, now, ownership, statement);
        var assessment = await screenings.ScreenAsync(transaction, i.TenantId, null, screening, ct);

        var declined = answer.Outcome == InvitationOutcome.Declined;
        await connection.ExecuteAsync(new CommandDefinition(AnsweredSql, new
        {
            tenantId = i.TenantId, id = i.Id, status = declined ? "declined" : "completed", outcome = WireName.Of(answer.Outcome),
            assessmentId = assessment.Id, now,
        }, transaction, cancellationToken: ct));
        await outbox.EnqueueAsync(transaction, i.TenantId, declined ? WebhookEvents.InvitationDeclined : WebhookEvents.InvitationCompleted,
            [new InvitationEvent(i.Id, i.CandidateId, profile.ExternalId, answer.Outcome, assessment.Id, now)], ct);
        await audit.AppendAsync(connection, transaction, i.TenantId, null,
            AuditEvent.Of(declined ? AuditAction.InvitationDeclined : AuditAction.InvitationCompleted, AuditTarget.Invitation, i.Id), ct);
        await transaction.CommitAsync(ct);
        return AnswerResult.Recorded;
    }

    /// <summary>Withdraws the consent given through this invitation, by the existing withdrawal (pending lookups stop).</summary>
    public async Task<AnswerResult> WithdrawAsync(string token, Texts shown, CancellationToken ct)
    {
        var now = ScreeningStore.Microseconds(clock.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var i = await PageInvitation.FindAsync(connection, transaction, token, now, forUpdate: true, ct);
        if (i is null)
        {
            return AnswerResult.NotFound;
        }

        if (i.AnsweredWith is not (InvitationOutcome.XSignin or InvitationOutcome.TypedHandle) || i.WithdrawnAt is not null)
        {
            return AnswerResult.AlreadyAnswered;
        }

        var recorded = await consents.RecordAsync(connection, transaction, i.TenantId, i.CandidateId,
            new ConsentRequest(false, now, NoticeVersion, "candidate_page_withdraw"), now, ct, shown.Code,
            shown.NoticeHash(i.Employer, xApi.Value.WindowDays, i.RetentionDays));
        await connection.ExecuteAsync(new CommandDefinition(WithdrawnSql, new { tenantId = i.TenantId, id = i.Id, now }, transaction, cancellationToken: ct));
        var externalId = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "select external_id from candidates where tenant_id = @TenantId and id = @CandidateId", i, transaction, cancellationToken: ct));
        await outbox.EnqueueAsync(transaction, i.TenantId, WebhookEvents.ConsentWithdrawn,
            [new ConsentWithdrawnEvent(i.CandidateId, externalId!, i.Id, recorded!.CancelledLookups, now)], ct);
        await audit.AppendAsync(connection, transaction, i.TenantId, null, AuditEvent.Of(AuditAction.ConsentWithdrawn, AuditTarget.Candidate, i.CandidateId), ct);
        await transaction.CommitAsync(ct);
        return AnswerResult.Recorded;
    }

    /// <summary>Why an answer cannot be taken now, or null when it can.</summary>
    public static AnswerResult? Refusal(PageInvitation? invitation) => invitation?.Status switch
    {
        null => AnswerResult.NotFound,
        "pending" or "opened" => null,
        "expired" => AnswerResult.Expired,
        "cancelled" => AnswerResult.Cancelled,
        _ => AnswerResult.AlreadyAnswered,
    };

    private sealed record Profile
    {
        public required string ExternalId { get; init; }
        public string? FullName { get; init; }
        public string? Email { get; init; }
        public string? Headline { get; init; }
        public string[]? RelevanceTerms { get; init; }
        public string? JobExternalId { get; init; }
    }
}
