using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;
using static RecruitSignal.Infrastructure.SqlParameters;

namespace RecruitSignal.Screenings;

public sealed class ScreeningStore
{
    // One statement: the candidate upsert, the observation and the assessment are stored together or not at
    // all, in the request's transaction. The profile sent replaces the stored one: the ATS is the source of truth
    // for who the candidate is, except for a handle the candidate gave on the candidate page (HandleRule).
    // Constraints the database still checks here, once each: the candidate's key, the observation's and the
    // assessment's foreign keys to the rows this statement wrote (they are what keeps an erasure whole), the
    // value checks. Not here: the tenant (its row is never deleted, see migration 0060) and the policy
    // default@1 (immutable; other versions are still checked by the assessments_policy_exists trigger).
    private const string SaveSql = $"""
        with candidate as (
            insert into candidates as c (tenant_id, id, external_id, full_name, email, headline, twitter_handle, handle_ownership, created_at, updated_at)
            values (@tenantId, @newCandidateId, @externalId, @fullName, @email, @headline, @handle, @handleOwnership, @createdAt, @createdAt)
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
            select @tenantId, @observationId, candidate.id, @handle, @source, @observationStatus, @observedAt, @windowDays,
                @originalPosts, @replies, @reposts, @relevantOriginalPosts, @lastAuthoredPostAt,
                @followers, @accountCreatedAt, @bioMatchedTerms, @createdAt
            from candidate
            where @observationId is not null
            returning id
        )
        insert into assessments (
            tenant_id, id, candidate_id, observation_id, policy_version, status, handle, handle_ownership, presence_tier,
            active_professional_presence, score, band, factors, reason_codes, relevance_terms,
            job_external_id, assessed_at, created_at)
        select @tenantId, @id, candidate.id, (select id from observation), @policyVersion, @status, @handle, @handleOwnership, @presenceTier,
            @activeProfessionalPresence, @score, @band, convert_from(@factors, 'UTF8')::jsonb, @reasonCodes, @relevanceTerms,
            @jobExternalId, @assessedAt, @createdAt
        from candidate
        returning candidate_id
        """;

    /// <summary>The candidate id an assessment was stored with (parameters <c>@tenantId</c>, <c>@assessmentId</c>), once its batch wrote it.</summary>
    internal const string CandidateIdSql = "select candidate_id from assessments where tenant_id = @tenantId and id = @assessmentId";

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

    /// <summary>
    /// The statement that stores <paramref name="row"/> (made by <see cref="ToRow"/>, perhaps adjusted by <see cref="ScreeningFlow"/>),
    /// for the caller's batch: its one row is the candidate's id, <paramref name="newCandidateId"/> unless the candidate existed.
    /// Every parameter is typed, so Npgsql infers nothing per call, and the statement is auto-prepared after its second use.
    /// </summary>
    public static NpgsqlBatchCommand SaveCommand(Guid tenantId, Screening screening, AssessmentRow row, Guid newCandidateId) => new(SaveSql)
    {
        Parameters =
        {
            new NpgsqlParameter<Guid>("tenantId", tenantId),
            new NpgsqlParameter<Guid>("newCandidateId", newCandidateId),
            new NpgsqlParameter<string>("externalId", row.ExternalId),
            Text("fullName", screening.Candidate.FullName),
            Text("email", screening.Candidate.Email),
            Text("headline", screening.Candidate.Headline),
            Text("handle", row.Handle),
            Text("handleOwnership", row.HandleOwnership),
            new NpgsqlParameter<bool>("keepCandidateHandle", !screening.FromCandidatePage),
            new NpgsqlParameter<DateTime>("createdAt", row.CreatedAt),
            Typed("observationId", NpgsqlDbType.Uuid, row.ObservationId),
            Text("source", row.Source),
            Text("observationStatus", row.ObservationStatus),
            Typed("observedAt", NpgsqlDbType.TimestampTz, row.ObservedAt),
            Typed("windowDays", NpgsqlDbType.Integer, row.WindowDays),
            Typed("originalPosts", NpgsqlDbType.Integer, row.OriginalPosts),
            Typed("replies", NpgsqlDbType.Integer, row.Replies),
            Typed("reposts", NpgsqlDbType.Integer, row.Reposts),
            Typed("relevantOriginalPosts", NpgsqlDbType.Integer, row.RelevantOriginalPosts),
            Typed("lastAuthoredPostAt", NpgsqlDbType.TimestampTz, row.LastAuthoredPostAt),
            Typed("followers", NpgsqlDbType.Integer, row.Followers),
            Typed("accountCreatedAt", NpgsqlDbType.TimestampTz, row.AccountCreatedAt),
            new NpgsqlParameter<string[]>("bioMatchedTerms", row.BioMatchedTerms ?? []),
            new NpgsqlParameter<Guid>("id", row.Id),
            new NpgsqlParameter<string>("policyVersion", row.PolicyVersion),
            new NpgsqlParameter<string>("status", row.Status),
            new NpgsqlParameter<string>("presenceTier", row.PresenceTier),
            new NpgsqlParameter<bool>("activeProfessionalPresence", row.ActiveProfessionalPresence),
            Typed("score", NpgsqlDbType.Integer, row.Score),
            new NpgsqlParameter<string>("band", row.Band),
            new NpgsqlParameter<byte[]>("factors", row.FactorsJson!),
            new NpgsqlParameter<string[]>("reasonCodes", row.ReasonCodes),
            new NpgsqlParameter<string[]>("relevanceTerms", row.RelevanceTerms),
            Text("jobExternalId", row.JobExternalId),
            new NpgsqlParameter<DateTime>("assessedAt", row.AssessedAt),
        },
    };

    /// <summary>Stores the screening alone, in one round trip, in the caller's transaction (a screening that does more than its rows).</summary>
    public async Task<AssessmentResponse> SaveAsync(NpgsqlTransaction tx, Guid tenantId, Screening screening, AssessmentRow row, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(tx.Connection, tx) { BatchCommands = { SaveCommand(tenantId, screening, row, Guid.CreateVersion7()) } };
        var candidateId = (Guid)(await batch.ExecuteScalarAsync(ct))!;
        return Response(screening, row, candidateId);
    }

    /// <summary>The assessment as stored, built from what was sent: nothing is read back or parsed again.</summary>
    internal static AssessmentResponse Response(Screening screening, AssessmentRow row, Guid candidateId) =>
        (row with { CandidateId = candidateId }).ToResponse(screening.Result.Factors);

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
            FactorsJson = JsonSerializer.SerializeToUtf8Bytes(screening.Result.Factors, Json.Options),
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
