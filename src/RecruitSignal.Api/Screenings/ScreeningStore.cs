using System.Text.Json;
using Dapper;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;

namespace RecruitSignal.Screenings;

public sealed class ScreeningStore(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock)
{
    // One statement, in the transaction that also appends the audit entry: the candidate upsert, the
    // observation, the assessment and its audit entry are stored together or not at all. The profile sent replaces
    // the stored one: the ATS is the source of truth for who the candidate is.
    private const string SaveSql = """
        with candidate as (
            insert into candidates as c (tenant_id, id, external_id, full_name, email, headline, twitter_handle, created_at, updated_at)
            values (@tenantId, @newCandidateId, @ExternalId, @fullName, @email, @headline, @Handle, @CreatedAt, @CreatedAt)
            on conflict (tenant_id, external_id) do update set
                full_name = excluded.full_name,
                email = excluded.email,
                headline = excluded.headline,
                twitter_handle = excluded.twitter_handle,
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
            tenant_id, id, candidate_id, observation_id, policy_version, status, handle, presence_tier,
            active_professional_presence, score, band, factors, reason_codes, relevance_terms,
            job_external_id, assessed_at, created_at)
        select @tenantId, @Id, candidate.id, (select id from observation), @PolicyVersion, @Status, @Handle, @PresenceTier,
            @ActiveProfessionalPresence, @Score, @Band, @Factors::jsonb, @ReasonCodes, @RelevanceTerms,
            @JobExternalId, @AssessedAt, @CreatedAt
        from candidate
        returning candidate_id
        """;

    public async Task<AssessmentResponse> SaveAsync(Guid tenantId, Guid? apiKeyId, Screening screening, CancellationToken ct)
    {
        var row = ToRow(screening, clock.GetUtcNow());
        var parameters = new DynamicParameters(row);
        parameters.AddDynamicParams(new
        {
            tenantId,
            newCandidateId = Guid.CreateVersion7(),
            fullName = screening.Candidate.FullName,
            email = screening.Candidate.Email,
            headline = screening.Candidate.Headline,
            hasEvidence = row.ObservationId is not null,
        });

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var candidateId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(SaveSql, parameters, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, AuditEvent.Of(AuditAction.ScreeningCreated, AuditTarget.Assessment, row.Id), ct);
        await transaction.CommitAsync(ct);
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
    private static DateTimeOffset Microseconds(DateTimeOffset value) => value.AddTicks(-(value.Ticks % 10));

    private static DateTimeOffset? Microseconds(DateTimeOffset? value) => value is { } v ? Microseconds(v) : null;
}
