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
public sealed record Answer(InvitationOutcome Outcome, XHandle? Handle = null, GivenNetwork? Network = null);

/// <summary>
/// Records a candidate's answer, each as one transaction: the invitation's status, its networks, the consent decision
/// (covering the networks given, with the language and the hash of the notice shown), a new assessment through the one
/// screening write path, the webhook event and the audit entries; or nothing at all. A network added to an answer, or
/// withdrawn from it, makes a new assessment of the networks that remain.
/// </summary>
public sealed class CandidateAnswers(
    NpgsqlDataSource dataSource, ConsentStore consents, ScreeningFlow screenings, PolicyStore policies,
    WebhookOutbox outbox, AuditLog audit, IOptions<XApiOptions> xApi, TimeProvider clock)
{
    public const string NoticeVersion = "candidate-page-1";

    // The profile the ATS last sent, and the job of the latest assessment: the candidate's answer is scored as
    // that screening would have been, with the candidate's handles.
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

    // A network added to (or withdrawn from) an answer: the answer stays, its assessment is the new one.
    private const string ReassessedSql = "update candidate_invitations set assessment_id = @assessmentId, updated_at = @now where tenant_id = @tenantId and id = @id";

    private const string XWithdrawnSql = "update candidate_invitations set x_withdrawn_at = @now, updated_at = @now where tenant_id = @tenantId and id = @id";
    private const string WithdrawnSql = "update candidate_invitations set withdrawn_at = @now, updated_at = @now where tenant_id = @tenantId and id = @id";

    /// <summary>
    /// Records an answer given through the page at <paramref name="token"/>; a network sign-in's callback also names the
    /// invitation its state was bound to (<paramref name="boundTo"/>), which must be the page's.
    /// </summary>
    public async Task<AnswerResult> AnswerAsync(string token, Answer answer, Texts shown, CancellationToken ct, Guid? boundTo = null)
    {
        var now = ScreeningStore.Microseconds(clock.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var invitation = await PageInvitation.FindAsync(connection, transaction, token, now, forUpdate: true, ct);
        if (boundTo is not null && invitation?.Id != boundTo)
        {
            return AnswerResult.NotFound;
        }

        var adding = answer.Network is not null && invitation is { CanAddNetwork: true };
        if (!adding && Refusal(invitation) is { } refused)
        {
            return refused;
        }

        var i = invitation!;
        if (answer.Network is { } given)
        {
            await InvitationNetworks.SaveAsync(transaction, i.TenantId, i.Id, given, now, ct);
        }

        var (method, statement) = answer.Outcome switch
        {
            _ when answer.Network is { Ownership: HandleOwnership.Verified } signedIn => ($"candidate_page_{signedIn.Network}_signin", (CandidateStatement?)null),
            InvitationOutcome.XSignin => ("candidate_page_x_signin", null),
            InvitationOutcome.TypedHandle or InvitationOutcome.NetworkSignin => ("candidate_page_typed_handle", null),
            InvitationOutcome.NoAccount => ("candidate_page_no_account", CandidateStatement.NoAccount),
            _ => ("candidate_page_decline", CandidateStatement.Declined),
        };
        var x = adding ? i.XAnswer : answer.Handle is { } handle ? (handle, answer.Outcome == InvitationOutcome.XSignin ? HandleOwnership.Verified : HandleOwnership.Claimed) : null;
        var assessment = await ScreenAsync(transaction, i, x, statement, method, shown, now, ct);

        // The invitation answered (or re-assessed), its event and its audit entry in one round trip; COMMIT is the next.
        var declined = answer.Outcome == InvitationOutcome.Declined;
        var outcome = adding ? i.AnsweredWith!.Value : answer.Outcome;
        var answered = new NpgsqlBatchCommand(adding ? ReassessedSql : AnsweredSql)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("tenantId", i.TenantId),
                new NpgsqlParameter<Guid>("id", i.Id),
                new NpgsqlParameter<Guid>("assessmentId", assessment.Id),
                new NpgsqlParameter<DateTimeOffset>("now", now),
            },
        };
        if (!adding)
        {
            answered.Parameters.Add(new NpgsqlParameter<string>("status", declined ? "declined" : "completed"));
            answered.Parameters.Add(new NpgsqlParameter<string>("outcome", WireName.Of(outcome)));
        }

        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                answered,
                outbox.EnqueueEventsCommand(i.TenantId, declined ? WebhookEvents.InvitationDeclined : WebhookEvents.InvitationCompleted,
                    [new InvitationEvent(i.Id, i.CandidateId, assessment.ExternalId, outcome, assessment.Id, now)]),
                audit.AppendCommand(i.TenantId, null,
                    AuditEvent.Of(declined ? AuditAction.InvitationDeclined : AuditAction.InvitationCompleted, AuditTarget.Invitation, i.Id)),
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return AnswerResult.Recorded;
    }

    /// <summary>
    /// Withdraws one network of the answer (the others stay, in a new assessment), or without <paramref name="network"/>, or
    /// when it was the last, the consent given through this invitation, by the existing withdrawal (pending lookups stop).
    /// </summary>
    public async Task<AnswerResult> WithdrawAsync(string token, Texts shown, CancellationToken ct, string? network = null)
    {
        var now = ScreeningStore.Microseconds(clock.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var i = await PageInvitation.FindAsync(connection, transaction, token, now, forUpdate: true, ct);
        if (i is null)
        {
            return AnswerResult.NotFound;
        }

        // X's answer is the invitation's own (its outcome, the assessment's handle), the others' are rows of invitation_networks.
        var x = network == Presence.Networks.X;
        if (!i.CanAddNetwork || (x && i.XAnswer is null)
            || (network is not null && !x && !await InvitationNetworks.WithdrawAsync(transaction, i.TenantId, i.Id, network, now, ct)))
        {
            return AnswerResult.AlreadyAnswered;
        }

        var externalId = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "select external_id from candidates where tenant_id = @TenantId and id = @CandidateId", i, transaction, cancellationToken: ct));
        var remaining = (await InvitationNetworks.ListAsync(connection, transaction, i.TenantId, i.Id, ct)).Any(n => n.WithdrawnAt is null);
        var cancelled = 0;
        if (network is not null && (remaining || (!x && i.XAnswer is not null)))
        {
            // The grant now covers what remains, and the assessment reads only that.
            var assessment = await ScreenAsync(transaction, i, x ? null : i.XAnswer, null, "candidate_page_withdraw_network", shown, now, ct);
            await connection.ExecuteAsync(new CommandDefinition(ReassessedSql, new { tenantId = i.TenantId, id = i.Id, assessmentId = assessment.Id, now },
                transaction, cancellationToken: ct));
            if (x)
            {
                await connection.ExecuteAsync(new CommandDefinition(XWithdrawnSql, new { tenantId = i.TenantId, id = i.Id, now }, transaction, cancellationToken: ct));
            }
        }
        else
        {
            var policy = await policies.ResolveAsync(transaction, i.TenantId, i.PolicyVersion, ct) ?? ScoringPolicy.Default;
            var recorded = await consents.RecordAsync(connection, transaction, i.TenantId, i.CandidateId,
                new ConsentRequest(false, now, NoticeVersion, "candidate_page_withdraw"), now, ct, shown.Code, NoticeHash(shown, i, policy));
            await InvitationNetworks.WithdrawAsync(transaction, i.TenantId, i.Id, null, now, ct);
            await connection.ExecuteAsync(new CommandDefinition(WithdrawnSql, new { tenantId = i.TenantId, id = i.Id, now }, transaction, cancellationToken: ct));
            cancelled = recorded!.CancelledLookups;
        }

        await outbox.EnqueueAsync(transaction, i.TenantId, WebhookEvents.ConsentWithdrawn,
            [new ConsentWithdrawnEvent(i.CandidateId, externalId!, i.Id, cancelled, now)], ct);
        await audit.AppendAsync(connection, transaction, i.TenantId, null, AuditEvent.Of(AuditAction.ConsentWithdrawn, AuditTarget.Candidate, i.CandidateId), ct);
        await transaction.CommitAsync(ct);
        return AnswerResult.Recorded;
    }

    /// <summary>
    /// The assessment of the answer as it now stands: the X handle (if any) and the networks given and not withdrawn, each
    /// with how it was given; the consent decision first (a grant covering exactly those networks, or the refusal).
    /// </summary>
    private async Task<Screened> ScreenAsync(
        NpgsqlTransaction transaction, PageInvitation i, (XHandle Handle, HandleOwnership Ownership)? x, CandidateStatement? statement, string method,
        Texts shown, DateTimeOffset now, CancellationToken ct)
    {
        var connection = transaction.Connection!;
        var profile = await connection.QuerySingleAsync<Profile>(new CommandDefinition(ProfileSql, i, transaction, cancellationToken: ct));
        var given = (await InvitationNetworks.ListAsync(connection, transaction, i.TenantId, i.Id, ct)).Where(n => n.WithdrawnAt is null).ToList();
        var owned = given.ToDictionary(n => n.Network, n => WireName.Parse<HandleOwnership>(n.Ownership));
        if (x is { } xAnswer)
        {
            owned[Presence.Networks.X] = xAnswer.Ownership;
        }

        // Giving handles is a grant of those networks; refusing is a refusal row (which also stops pending lookups).
        // Saying "no account" needs no consent: nothing is read.
        var policy = await policies.ResolveAsync(transaction, i.TenantId, i.PolicyVersion, ct) ?? ScoringPolicy.Default;
        if (owned.Count > 0 || statement == CandidateStatement.Declined)
        {
            var covered = statement is null ? Presence.Networks.All.Where(owned.ContainsKey).ToList() : null;
            await consents.RecordAsync(connection, transaction, i.TenantId, i.CandidateId,
                new ConsentRequest(statement is null, now, NoticeVersion, method, covered), now, ct, shown.Code, NoticeHash(shown, i, policy));
        }

        string? HandleOf(string network) => given.FirstOrDefault(n => n.Network == network)?.Handle;
        var request = new ScreeningRequest(
            new CandidateProfile(profile.ExternalId, profile.FullName, profile.Email, profile.Headline, x?.Handle.Value,
                Bluesky: HandleOf(Presence.Networks.Bluesky), Mastodon: HandleOf(Presence.Networks.Mastodon)),
            new JobProfile(profile.JobExternalId, null, profile.RelevanceTerms is { Length: > 0 } terms ? terms : null),
            null);
        var ownership = x?.Ownership ?? (owned.ContainsValue(HandleOwnership.Verified) ? HandleOwnership.Verified : HandleOwnership.Claimed);
        var screening = Screening.FromCandidate(request, policy, now, ownership, statement, owned);
        var assessment = await screenings.ScreenAsync(transaction, i.TenantId, null, screening, ct);
        return new Screened(assessment.Id, profile.ExternalId);
    }

    private sealed record Screened(Guid Id, string ExternalId);

    // The notice the page showed names the networks the invitation's policy reads (PageViews.NetworksAsync): hash those words.
    private byte[] NoticeHash(Texts shown, PageInvitation i, ScoringPolicy policy) =>
        shown.NoticeHash(i.Employer, Presence.Networks.ReadBy(policy), xApi.Value.WindowDays, i.RetentionDays);

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
