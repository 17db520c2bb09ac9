using System.Data;
using Dapper;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Audit;
using RecruitSignal.Candidates;
using RecruitSignal.Demographics;
using RecruitSignal.Infrastructure;
using RecruitSignal.Reviews;
using RecruitSignal.Scoring;

namespace RecruitSignal.Privacy;

/// <summary>Everything RecruitSignal holds about one candidate, as one document (the right of access).</summary>
/// <param name="Candidate">The profile as last sent by the ATS, with the latest assessment.</param>
/// <param name="Observations">Every evidence snapshot: counts, dates and matched terms (post and bio text are never stored).</param>
/// <param name="Assessments">Every assessment, newest first, each with its latest review.</param>
/// <param name="Reviews">Every review and objection, newest first.</param>
/// <param name="AuditTrail">The audit entries about the candidate or their assessments (who acted, when, on which id).</param>
/// <param name="Consents">Every consent decision on X lookups, newest first.</param>
/// <param name="Invitations">Every invitation sent to the candidate and their answer, newest first (the links themselves are never kept).</param>
/// <param name="Demographics">The categories the candidate self-identified in, if the ATS sent any (used only for fairness figures, never for scoring).</param>
public sealed record CandidateExport(
    DateTimeOffset ExportedAt,
    CandidateResponse Candidate,
    IReadOnlyList<EvidenceSummary> Observations,
    IReadOnlyList<AssessmentResponse> Assessments,
    IReadOnlyList<ExportedReview> Reviews,
    IReadOnlyList<AuditEntry> AuditTrail,
    IReadOnlyList<ExportedConsent> Consents,
    IReadOnlyList<ExportedInvitation> Invitations,
    DemographicsResponse? Demographics = null);

/// <summary>One consent decision as recorded.</summary>
/// <param name="Language">The language of the candidate page the decision was taken on, if it was.</param>
/// <param name="NoticeHash">SHA-256 (hex) of the exact notice the candidate read on the candidate page, if they did.</param>
public sealed record ExportedConsent(
    Guid Id, bool Granted, DateTimeOffset GrantedAt, string? NoticeVersion, string Method, DateTimeOffset RecordedAt,
    string? Language = null, string? NoticeHash = null);

/// <summary>An invitation to the candidate page and what the candidate answered.</summary>
/// <param name="Networks">The Bluesky and Mastodon accounts given through the page, each with how (signed in or typed) and, for a
/// sign-in, who the network said signed in and when.</param>
public sealed record ExportedInvitation(
    Guid Id, string Status, string Language, string? Outcome, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? AnsweredAt, DateTimeOffset? WithdrawnAt, IReadOnlyList<Invitations.InvitationNetworkResponse>? Networks = null);

/// <summary>A review or objection, with the assessment it is about.</summary>
public sealed record ExportedReview(Guid AssessmentId, Review Review);

public sealed class CandidateExporter(
    NpgsqlDataSource dataSource, CandidateQueries candidates, AssessmentQueries assessments, AuditLog audit, AuditSealer sealer, TimeProvider clock)
{
    private const string ObservationsSql = $"""
        select {ObservationRow.Columns}
        from presence_observations
        where tenant_id = @tenantId and candidate_id = @candidateId
        order by observed_at desc, id desc
        """;

    private const string ConsentsSql = """
        select id, granted, granted_at, notice_version, method, created_at, language, notice_hash
        from candidate_consents
        where tenant_id = @tenantId and candidate_id = @candidateId
        order by created_at desc, id desc
        """;

    private const string InvitationsSql = $"""
        select i.id, {Invitations.InvitationStore.EffectiveStatus} as status, i.language, i.outcome, i.created_at, i.expires_at, i.answered_at, i.withdrawn_at
        from candidate_invitations i
        where i.tenant_id = @tenantId and i.candidate_id = @candidateId
        order by i.created_at desc, i.id desc
        """;

    private const string ReviewsSql = $"""
        select {ReviewRow.Columns} from assessment_reviews
        where tenant_id = @tenantId and candidate_id = @candidateId
        order by created_at desc, id desc
        """;

    private const string AuditSql = $"""
        select {AuditEntryRow.Columns} from audit_log
        where tenant_id = @tenantId and seq is not null
          and ((target_type = 'candidate' and target_id = @candidateId::text)
            or (target_type = 'assessment' and target_id = any(@assessmentIds))
            or (target_type = 'invitation' and target_id in (
                select id::text from candidate_invitations where tenant_id = @tenantId and candidate_id = @candidateId::uuid)))
        order by seq
        """;

    /// <summary>The candidate's data, read from one snapshot, or null when the tenant holds no such candidate.</summary>
    public async Task<CandidateExport?> ExportAsync(Guid tenantId, Guid? apiKeyId, Guid candidateId, CancellationToken ct)
    {
        var candidate = await candidates.FindAsync(tenantId, candidateId, ct);
        if (candidate is null)
        {
            return null;
        }

        // The export itself is recorded first, so that it appears in its own audit trail.
        await audit.AppendAsync(dataSource, tenantId, apiKeyId, AuditEvent.Of(AuditAction.CandidateExported, AuditTarget.Candidate, candidateId), ct);
        await sealer.SealAsync(wait: true, ct);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var args = new { tenantId, candidateId };
        var observations = await connection.QueryAsync<ObservationRow>(new CommandDefinition(ObservationsSql, args, transaction, cancellationToken: ct));
        var history = await assessments.ForCandidateAsync(connection, tenantId, candidateId, int.MaxValue, ct);
        var reviews = await connection.QueryAsync<ReviewRow>(new CommandDefinition(ReviewsSql, args, transaction, cancellationToken: ct));
        var assessmentIds = history.Select(a => a.Id.ToString("D")).ToArray();
        var trail = await connection.QueryAsync<AuditEntryRow>(new CommandDefinition(
            AuditSql, new { tenantId, candidateId, assessmentIds }, transaction, cancellationToken: ct));
        var consents = await connection.QueryAsync<(Guid Id, bool Granted, DateTime GrantedAt, string? NoticeVersion, string Method, DateTime CreatedAt, string? Language, byte[]? NoticeHash)>(
            new CommandDefinition(ConsentsSql, args, transaction, cancellationToken: ct));
        var invitations = await connection.QueryAsync<(Guid Id, string Status, string Language, string? Outcome, DateTime CreatedAt, DateTime ExpiresAt, DateTime? AnsweredAt, DateTime? WithdrawnAt)>(
            new CommandDefinition(InvitationsSql, new { tenantId, candidateId, now = clock.GetUtcNow() }, transaction, cancellationToken: ct));
        var given = await Invitations.InvitationStore.NetworksAsync(connection, transaction, tenantId, [.. invitations.Select(i => i.Id)], ct);
        var demographics = await DemographicsStore.FindAsync(connection, transaction, tenantId, candidateId, ct);
        await transaction.CommitAsync(ct);

        return new CandidateExport(
            clock.GetUtcNow(),
            candidate,
            observations.Select(o => o.ToSummary()).ToList(),
            history,
            reviews.Select(r => new ExportedReview(r.AssessmentId, r.ToReview())).ToList(),
            trail.Select(AuditEndpoints.ToEntry).ToList(),
            consents.Select(c => new ExportedConsent(c.Id, c.Granted, Utc(c.GrantedAt), c.NoticeVersion, c.Method, Utc(c.CreatedAt),
                c.Language, c.NoticeHash is null ? null : Convert.ToHexStringLower(c.NoticeHash))).ToList(),
            invitations.Select(i => new ExportedInvitation(i.Id, i.Status, i.Language, i.Outcome, Utc(i.CreatedAt), Utc(i.ExpiresAt),
                i.AnsweredAt is { } answered ? Utc(answered) : null, i.WithdrawnAt is { } withdrawn ? Utc(withdrawn) : null,
                given.TryGetValue(i.Id, out var networks) ? networks : [])).ToList(),
            demographics);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
