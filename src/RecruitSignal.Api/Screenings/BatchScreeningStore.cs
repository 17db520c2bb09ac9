using Dapper;
using Npgsql;
using NpgsqlTypes;
using RecruitSignal.Assessments;

namespace RecruitSignal.Screenings;

/// <summary>
/// Stores many screenings set-based: binary COPY of every item into a temporary staging table, then
/// one statement that upserts the candidates, inserts the observations and the assessments.
/// Items of one batch with the same externalId are one candidate: the last item's profile wins (as if
/// the items had been sent one after another), and each item gets its own assessment.
/// </summary>
public sealed class BatchScreeningStore
{
    private const string StagingSql = """
        create temp table batch_screenings (
            ordinal int, new_candidate_id uuid, external_id text, full_name text, email text, headline text, handle text, handle_ownership text,
            id uuid, status text, presence_tier text, active_professional_presence boolean, score int, band text,
            factors bytea, reason_codes text[], policy_version text, relevance_terms text[], job_external_id text,
            assessed_at timestamptz, created_at timestamptz,
            observation_id uuid, source text, observation_status text, observed_at timestamptz, window_days int,
            original_posts int, replies int, reposts int, relevant_original_posts int, last_authored_post_at timestamptz,
            followers int, account_created_at timestamptz, bio_matched_terms text[]
        ) on commit drop
        """;

    private const string CopySql = """
        copy batch_screenings (
            ordinal, new_candidate_id, external_id, full_name, email, headline, handle, handle_ownership,
            id, status, presence_tier, active_professional_presence, score, band,
            factors, reason_codes, policy_version, relevance_terms, job_external_id, assessed_at, created_at,
            observation_id, source, observation_status, observed_at, window_days,
            original_posts, replies, reposts, relevant_original_posts, last_authored_post_at,
            followers, account_created_at, bio_matched_terms
        ) from stdin (format binary)
        """;

    private const string SaveSql = $"""
        with candidate as (
            insert into candidates as c (tenant_id, id, external_id, full_name, email, headline, twitter_handle, handle_ownership, created_at, updated_at)
            select @tenantId, latest.new_candidate_id, latest.external_id, latest.full_name, latest.email, latest.headline, latest.handle,
                latest.handle_ownership, latest.created_at, latest.created_at
            from (
                select distinct on (external_id) new_candidate_id, external_id, full_name, email, headline, handle, handle_ownership, created_at
                from batch_screenings
                order by external_id, ordinal desc
            ) latest
            on conflict (tenant_id, external_id) do update set
                full_name = excluded.full_name,
                email = excluded.email,
                headline = excluded.headline,
                {ScreeningStore.HandleRule},
                updated_at = excluded.updated_at
            returning c.id, c.external_id
        ),
        observation as (
            insert into presence_observations (
                tenant_id, id, candidate_id, handle, source, status, observed_at, window_days,
                original_posts, replies, reposts, relevant_original_posts, last_authored_post_at,
                followers, account_created_at, bio_matched_terms, created_at)
            select @tenantId, s.observation_id, candidate.id, s.handle, s.source, s.observation_status, s.observed_at, s.window_days,
                s.original_posts, s.replies, s.reposts, s.relevant_original_posts, s.last_authored_post_at,
                s.followers, s.account_created_at, s.bio_matched_terms, s.created_at
            from batch_screenings s join candidate on candidate.external_id = s.external_id
            where s.observation_id is not null
        ),
        assessment as (
            insert into assessments (
                tenant_id, id, candidate_id, observation_id, policy_version, status, handle, handle_ownership, presence_tier,
                active_professional_presence, score, band, factors, reason_codes, relevance_terms,
                job_external_id, assessed_at, created_at)
            select @tenantId, s.id, candidate.id, s.observation_id, s.policy_version, s.status, s.handle, s.handle_ownership, s.presence_tier,
                s.active_professional_presence, s.score, s.band, convert_from(s.factors, 'UTF8')::jsonb, s.reason_codes, s.relevance_terms,
                s.job_external_id, s.assessed_at, s.created_at
            from batch_screenings s join candidate on candidate.external_id = s.external_id
        )
        select s.ordinal, candidate.id as candidate_id
        from batch_screenings s join candidate on candidate.external_id = s.external_id
        """;

    /// <summary>
    /// Stores the screenings as <paramref name="assessmentRows"/> (made by <see cref="ScreeningStore.ToRow"/>, perhaps adjusted by
    /// <see cref="ScreeningFlow"/>) in the caller's transaction; answers their assessments in the same order.
    /// </summary>
    public async Task<IReadOnlyList<AssessmentResponse>> SaveAsync(
        NpgsqlTransaction tx, Guid tenantId, IReadOnlyList<Screening> screenings, IReadOnlyList<AssessmentRow> assessmentRows, CancellationToken ct)
    {
        var connection = tx.Connection!;
        var rows = screenings.Select((s, i) => (Row: assessmentRows[i], s.Candidate, Screening: s)).ToList();

        await connection.ExecuteAsync(new CommandDefinition(StagingSql, transaction: tx, cancellationToken: ct));
        await using (var copy = await connection.BeginBinaryImportAsync(CopySql, ct))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                await WriteAsync(copy, i, rows[i].Row, rows[i].Candidate, ct);
            }

            await copy.CompleteAsync(ct);
        }

        var candidateIds = (await connection.QueryAsync<(int Ordinal, Guid CandidateId)>(
                new CommandDefinition(SaveSql, new { tenantId, keepCandidateHandle = true }, tx, cancellationToken: ct)))
            .ToDictionary(r => r.Ordinal, r => r.CandidateId);
        return rows.Select((r, i) => ScreeningStore.Response(r.Screening, r.Row, candidateIds[i])).ToList();
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter copy, int ordinal, AssessmentRow row, CandidateProfile candidate, CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(ordinal, NpgsqlDbType.Integer, ct);
        await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(row.ExternalId, NpgsqlDbType.Text, ct);
        await Nullable(copy, candidate.FullName, NpgsqlDbType.Text, ct);
        await Nullable(copy, candidate.Email, NpgsqlDbType.Text, ct);
        await Nullable(copy, candidate.Headline, NpgsqlDbType.Text, ct);
        await Nullable(copy, row.Handle, NpgsqlDbType.Text, ct);
        await Nullable(copy, row.HandleOwnership, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(row.Id, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(row.Status, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(row.PresenceTier, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(row.ActiveProfessionalPresence, NpgsqlDbType.Boolean, ct);
        await Nullable(copy, row.Score, NpgsqlDbType.Integer, ct);
        await copy.WriteAsync(row.Band, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(row.FactorsJson!, NpgsqlDbType.Bytea, ct); // UTF-8 JSON, serialized once
        await copy.WriteAsync(row.ReasonCodes, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        await copy.WriteAsync(row.PolicyVersion, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(row.RelevanceTerms, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        await Nullable(copy, row.JobExternalId, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(row.AssessedAt, NpgsqlDbType.TimestampTz, ct);
        await copy.WriteAsync(row.CreatedAt, NpgsqlDbType.TimestampTz, ct);
        await Nullable(copy, row.ObservationId, NpgsqlDbType.Uuid, ct);
        await Nullable(copy, row.Source, NpgsqlDbType.Text, ct);
        await Nullable(copy, row.ObservationStatus, NpgsqlDbType.Text, ct);
        await Nullable(copy, row.ObservedAt, NpgsqlDbType.TimestampTz, ct);
        await Nullable(copy, row.WindowDays, NpgsqlDbType.Integer, ct);
        await Nullable(copy, row.OriginalPosts, NpgsqlDbType.Integer, ct);
        await Nullable(copy, row.Replies, NpgsqlDbType.Integer, ct);
        await Nullable(copy, row.Reposts, NpgsqlDbType.Integer, ct);
        await Nullable(copy, row.RelevantOriginalPosts, NpgsqlDbType.Integer, ct);
        await Nullable(copy, row.LastAuthoredPostAt, NpgsqlDbType.TimestampTz, ct);
        await Nullable(copy, row.Followers, NpgsqlDbType.Integer, ct);
        await Nullable(copy, row.AccountCreatedAt, NpgsqlDbType.TimestampTz, ct);
        await copy.WriteAsync(row.BioMatchedTerms ?? [], NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
    }

    private static Task Nullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);
}
