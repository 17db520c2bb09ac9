using Dapper;
using RecruitSignal.Assessments;
using Npgsql;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;

namespace RecruitSignal.Presence.X;

/// <summary>
/// Observations fetched from X (source <c>x_api</c>) or another network (<c>network_api</c>), stored and found again for reuse
/// within a tenant; also stores declared observations, which are never reused.
/// </summary>
public sealed class XObservationStore
{
    private const string InsertSql = """
        insert into presence_observations (
            tenant_id, id, candidate_id, handle, network, source, status, observed_at, window_days,
            original_posts, replies, reposts, relevant_original_posts, last_authored_post_at,
            followers, account_created_at, bio_matched_terms, matched_terms, created_at)
        values (@tenantId, @id, @candidateId, @handle, @network, @source, @status, @observedAt, @WindowDays,
            @OriginalPosts, @Replies, @Reposts, @RelevantOriginalPosts, @lastAuthoredPostAt,
            @Followers, @accountCreatedAt, @bioMatchedTerms, @matchedTerms, @now)
        """;

    // Counts of posts matching terms cannot be recomputed for other terms once the texts are gone,
    // so only an observation matched against the same terms, over the same window, is reused.
    private const string ReusableSql = $"""
        select {ObservationRow.Columns}
        from presence_observations
        where tenant_id = @tenantId and source = 'x_api' and lower(handle) = lower(@handle)
            and observed_at >= @since and window_days = @windowDays and matched_terms = @matchedTerms
        order by observed_at desc
        limit 1
        """;

    // The same for another network's observations, on their own index (migration 0125), each network apart.
    private const string NetworkReusableSql = $"""
        select {ObservationRow.Columns}
        from presence_observations
        where tenant_id = @tenantId and source = 'network_api' and network = @network and lower(handle) = lower(@handle)
            and observed_at >= @since and window_days = @windowDays and matched_terms = @matchedTerms
        order by observed_at desc
        limit 1
        """;

    public async Task<Guid> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid candidateId, string? handle,
        PresenceObservation observation, IReadOnlyList<string> terms, DateTimeOffset now, CancellationToken ct,
        string network = XPresenceProvider.Name, string source = "x_api")
    {
        var id = Guid.CreateVersion7(now);
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            tenantId, id, candidateId, handle, network, source,
            status = WireName.Of(observation.Status),
            observedAt = observation.ObservedAt.UtcDateTime,
            observation.WindowDays, observation.OriginalPosts, observation.Replies, observation.Reposts, observation.RelevantOriginalPosts,
            lastAuthoredPostAt = observation.LastAuthoredPostAt?.UtcDateTime,
            observation.Followers,
            accountCreatedAt = observation.AccountCreatedAt?.UtcDateTime,
            bioMatchedTerms = observation.BioMatchedTerms.ToArray(),
            matchedTerms = Key(terms),
            now = now.UtcDateTime,
        }, transaction, cancellationToken: ct));
        return id;
    }

    public async Task<(Guid Id, PresenceObservation Observation)?> FindReusableAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, string handle, int windowDays,
        IReadOnlyList<string> terms, DateTimeOffset since, CancellationToken ct, string network = XPresenceProvider.Name)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ObservationRow>(new CommandDefinition(
            network == XPresenceProvider.Name ? ReusableSql : NetworkReusableSql,
            new { tenantId, handle, network, windowDays, since = since.UtcDateTime, matchedTerms = Key(terms) }, transaction, cancellationToken: ct));
        return row is null ? null : (row.Id, PresenceObservation.From(row.ToSummary()));
    }

    private static string[] Key(IReadOnlyList<string> terms) => [.. terms.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
