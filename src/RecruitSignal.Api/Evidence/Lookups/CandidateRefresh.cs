using Dapper;
using Npgsql;
using RecruitSignal.Consent;
using RecruitSignal.Infrastructure;
using RecruitSignal.Policies;
using RecruitSignal.Scoring;
using RecruitSignal.Screenings;

namespace RecruitSignal.Lookups;

public enum RefreshOutcome { Queued, CandidateNotFound, NoHandle, NoConsent }

/// <summary>Queues a fresh X observation of a candidate, scored against the terms of their latest assessment.</summary>
public sealed class CandidateRefresh(NpgsqlDataSource dataSource, ConsentStore consents, LookupJobs jobs, PolicyStore policies, TimeProvider clock)
{
    /// <summary>The job of the candidate <c>c</c>'s latest assessment, as <c>latest.relevance_terms</c> and <c>latest.job_external_id</c>.</summary>
    internal const string LatestJobJoin = """
        left join lateral (
            select a.relevance_terms, a.job_external_id from assessments a
            where a.tenant_id = c.tenant_id and a.candidate_id = c.id
            order by a.created_at desc, a.id desc
            limit 1
        ) latest on true
        """;

    // "for update" serialises refreshes of one candidate, so at most one lookup is queued at a time.
    private const string CandidateSql = $"""
        select c.twitter_handle as handle, c.handle_ownership, c.headline, latest.relevance_terms, latest.job_external_id
        from candidates c
        {LatestJobJoin}
        where c.tenant_id = @tenantId and c.id = @candidateId
        for update of c
        """;

    private const string InsertPendingSql = """
        insert into assessments (
            tenant_id, id, candidate_id, observation_id, policy_version, status, handle, handle_ownership, presence_tier,
            active_professional_presence, score, band, factors, reason_codes, relevance_terms,
            job_external_id, assessed_at, created_at)
        values (@tenantId, @id, @candidateId, null, @policyVersion, 'pending', @handle, @handleOwnership, @tier,
            false, null, @band, '[]'::jsonb, @reasonCodes, @relevanceTerms,
            @jobExternalId, @now, @now)
        """;

    /// <summary>The pending assessment's id when queued (or already queued), with the outcome.</summary>
    public async Task<(RefreshOutcome Outcome, Guid? AssessmentId)> RefreshAsync(Guid tenantId, Guid candidateId, CancellationToken ct)
    {
        var now = ScreeningStore.Microseconds(clock.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var candidate = await connection.QuerySingleOrDefaultAsync<Candidate>(new CommandDefinition(CandidateSql, new { tenantId, candidateId }, transaction, cancellationToken: ct));
        if (candidate is null)
        {
            return (RefreshOutcome.CandidateNotFound, null);
        }

        if (candidate.Handle is null)
        {
            return (RefreshOutcome.NoHandle, null);
        }

        if (!await consents.IsGrantedAsync(connection, transaction, tenantId, candidateId, ct))
        {
            return (RefreshOutcome.NoConsent, null);
        }

        if (await jobs.PendingAssessmentAsync(connection, transaction, tenantId, candidateId, ct) is { } queued)
        {
            return (RefreshOutcome.Queued, queued);
        }

        var terms = candidate.RelevanceTerms ?? [.. RelevanceTerms.From(null, null, candidate.Headline).Terms];
        var policy = await policies.ResolveAsync(transaction, tenantId, null, ct) ?? ScoringPolicy.Default;
        var ownership = candidate.HandleOwnership is { } name ? WireName.Parse<HandleOwnership>(name) : HandleOwnership.Ats;
        var pending = ScoringEngine.Score(new ScoringInput(true, null, terms.Length > 0, ownership), policy);
        var id = Guid.CreateVersion7(now);
        await connection.ExecuteAsync(new CommandDefinition(InsertPendingSql, new
        {
            tenantId, id, candidateId, policyVersion = pending.PolicyVersion, candidate.Handle, handleOwnership = WireName.Of(ownership),
            tier = WireName.Of(pending.Tier), band = WireName.Of(pending.Band),
            reasonCodes = pending.ReasonCodes.Append(ReasonCodes.LookupPending).ToArray(),
            relevanceTerms = terms, candidate.JobExternalId, now = now.UtcDateTime,
        }, transaction, cancellationToken: ct));
        await jobs.EnqueueAsync(connection, transaction, tenantId, id, candidateId, candidate.Handle, now, ct);
        await transaction.CommitAsync(ct);
        return (RefreshOutcome.Queued, id);
    }

    private sealed record Candidate
    {
        public string? Handle { get; init; }
        public string? HandleOwnership { get; init; }
        public string? Headline { get; init; }
        public string[]? RelevanceTerms { get; init; }
        public string? JobExternalId { get; init; }
    }
}
