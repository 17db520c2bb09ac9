using System.Text.Json;
using Dapper;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;

namespace RecruitSignal.Screenings;

public sealed class ScreeningStore
{
    // One statement, so one round trip: the candidate upsert, the observation and the assessment are
    // stored together or not at all (in the request's transaction, with its idempotency key and outbox
    // events). The profile sent replaces the stored one: the ATS is the source of truth for who the candidate is,
    // except for a handle the candidate gave on the candidate page (HandleRule).
    private const string SaveSql = $"""
        with candidate as (
            insert into candidates as c (tenant_id, id, external_id, full_name, email, headline, twitter_handle, handle_ownership, created_at, updated_at)
            values (@tenantId, @newCandidateId, @ExternalId, @fullName, @email, @headline, @Handle, @HandleOwnership, @CreatedAt, @CreatedAt)
            on conflict (tenant_id, external_id) do update set
                full_name = excluded.full_name,
                email = excluded.email,
                headline = excluded.headline,
                {HandleRule},
                updated_at = excluded.updated_at
            returning c.id
        ),
        observation as (
            insert into presence_observations (
                tenant_id, id, candidate_id, handle, source, status, observed_at, window_days,
                original_posts, replies, reposts, relevant_original_posts, last_authored_post_at,
                followers, account_created_at, bio_matched_terms, created_at)
            select @tenantId, @ObservationId, candidate.id, @Handle, @Source, @ObservationStatus, @ObservedAt, @WindowDays,
                @OriginalPosts, @Replies, @Reposts, @RelevantOriginalPosts, @LastAuthoredPostAt,
                @Followers, @AccountCreatedAt, @BioMatchedTerms, @CreatedAt
            from candidate
            where @hasEvidence
            returning id
        )
        insert into assessments (
            tenant_id, id, candidate_id, observation_id, policy_version, status, handle, handle_ownership, presence_tier,
            active_professional_presence, score, band, factors, reason_codes, relevance_terms,
            job_external_id, assessed_at, created_at)
        select @tenantId, @Id, candidate.id, (select id from observation), @PolicyVersion, @Status, @Handle, @HandleOwnership, @PresenceTier,
            @ActiveProfessionalPresence, @Score, @Band, @Factors::jsonb, @ReasonCodes, @RelevanceTerms,
            @JobExternalId, @AssessedAt, @CreatedAt
        from candidate
        returning candidate_id
        """;

    /// <summary>
    /// The candidate's handle after an upsert. A handle the candidate gave on the candidate page (verified or
    /// claimed) survives an ATS screening that sends no handle, and keeps its ownership when the ATS sends the same
    /// handle; a different handle from the ATS replaces it (the ATS changed it on purpose). A candidate-page
    /// screening always sets the candidate's handle. Each assessment still says where its own handle came from.
    /// Used by the batch store too: <c>@keepCandidateHandle</c> is false only for the candidate page.
    /// </summary>
    internal const string HandleRule = """
        twitter_handle = case
            when @keepCandidateHandle and excluded.twitter_handle is null and c.handle_ownership in ('verified', 'claimed') then c.twitter_handle
            else excluded.twitter_handle end,
        handle_ownership = case
            when @keepCandidateHandle and excluded.twitter_handle is null and c.handle_ownership in ('verified', 'claimed') then c.handle_ownership
            when @keepCandidateHandle and lower(excluded.twitter_handle) = lower(c.twitter_handle) and c.handle_ownership in ('verified', 'claimed') then c.handle_ownership
            else excluded.handle_ownership end
        """;

    // A candidate known before any screening (an ATS adapter invites them first): who they are, nothing scored.
    // The headline and the handle are left as they are; a later screening or the candidate's answer sets them.
    private const string UpsertCandidateSql = """
        insert into candidates as c (tenant_id, id, external_id, full_name, email, created_at, updated_at)
        values (@tenantId, @newCandidateId, @externalId, @fullName, @email, @now, @now)
        on conflict (tenant_id, external_id) do update set
            full_name = excluded.full_name, email = excluded.email, updated_at = excluded.updated_at
        returning c.id
        """;

    /// <summary>Upserts a candidate's name and email by external id in the caller's transaction, without an assessment; returns its id.</summary>
    public async Task<Guid> UpsertCandidateAsync(
        NpgsqlTransaction tx, Guid tenantId, string externalId, string? fullName, string? email, DateTimeOffset now, CancellationToken ct) =>
        await tx.Connection!.ExecuteScalarAsync<Guid>(new CommandDefinition(UpsertCandidateSql, new
        {
            tenantId, newCandidateId = Guid.CreateVersion7(now), externalId, fullName, email, now = Microseconds(now).UtcDateTime,
        }, tx, cancellationToken: ct));

    /// <summary>Stores <paramref name="row"/> (made by <see cref="ToRow"/>, perhaps adjusted by <see cref="ScreeningFlow"/>) in the caller's transaction.</summary>
    public async Task<AssessmentResponse> SaveAsync(NpgsqlTransaction tx, Guid tenantId, Screening screening, AssessmentRow row, CancellationToken ct)
    {
        var parameters = new DynamicParameters(row);
        parameters.AddDynamicParams(new
        {
            tenantId,
            newCandidateId = Guid.CreateVersion7(),
            fullName = screening.Candidate.FullName,
            email = screening.Candidate.Email,
            headline = screening.Candidate.Headline,
            hasEvidence = row.ObservationId is not null,
            keepCandidateHandle = !screening.FromCandidatePage,
        });

        var candidateId = await tx.Connection!.ExecuteScalarAsync<Guid>(new CommandDefinition(SaveSql, parameters, tx, cancellationToken: ct));
        return (row with { CandidateId = candidateId }).ToResponse();
    }

    internal static AssessmentRow ToRow(Screening screening, DateTimeOffset now)
    {
        now = Microseconds(now);
        var evidence = screening.Evidence;
        var declared = screening.DeclaredEvidence;
        return new AssessmentRow
        {
            Id = Guid.CreateVersion7(now),
            ExternalId = screening.Candidate.ExternalId!,
            Status = WireName.Of<AssessmentStatus>(AssessmentStatus.Completed),
            Handle = screening.Handle?.Value,
            HandleOwnership = screening.Handle is null ? null : WireName.Of(screening.Ownership),
            PresenceTier = WireName.Of<PresenceTier>(screening.Result.Tier),
            ActiveProfessionalPresence = screening.Result.ActiveProfessionalPresence,
            Score = screening.Result.Score,
            Band = WireName.Of<Band>(screening.Result.Band),
            Factors = JsonSerializer.Serialize(screening.Result.Factors, Json.Options),
            ReasonCodes = [.. screening.Result.ReasonCodes],
            PolicyVersion = screening.Result.PolicyVersion,
            RelevanceTerms = [.. screening.Terms.Terms],
            JobExternalId = screening.JobExternalId,
            AssessedAt = Microseconds(screening.AssessedAt).UtcDateTime,
            CreatedAt = now.UtcDateTime,
            ObservationId = evidence is null ? null : Guid.CreateVersion7(now),
            Source = evidence is null ? null : WireName.Of<EvidenceSource>(EvidenceSource.Declared),
            ObservationStatus = evidence is null ? null : WireName.Of<AccountStatus>(evidence.Status),
            ObservedAt = Microseconds(evidence?.ObservedAt)?.UtcDateTime,
            WindowDays = evidence?.WindowDays,
            OriginalPosts = declared?.OriginalPosts,
            Replies = declared?.Replies,
            Reposts = declared?.Reposts,
            RelevantOriginalPosts = evidence?.Status == AccountStatus.Found ? evidence.RelevantOriginalPosts : declared?.RelevantOriginalPosts,
            LastAuthoredPostAt = Microseconds(declared?.LastAuthoredPostAt)?.UtcDateTime,
            Followers = declared?.Followers,
            AccountCreatedAt = Microseconds(declared?.AccountCreatedAt)?.UtcDateTime,
            BioMatchedTerms = [.. screening.BioMatchedTerms],
        };
    }

    // PostgreSQL keeps microseconds; the answer to a POST must equal what a later GET reads back.
    internal static DateTimeOffset Microseconds(DateTimeOffset value) => value.AddTicks(-(value.Ticks % 10));

    private static DateTimeOffset? Microseconds(DateTimeOffset? value) => value is { } v ? Microseconds(v) : null;
}
