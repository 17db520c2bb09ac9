using System.Text.Json;
using Dapper;
using Npgsql;
using RecruitSignal.Infrastructure;
using RecruitSignal.Presence;
using RecruitSignal.Scoring;

namespace RecruitSignal.Assessments;

/// <summary>The networks of an assessment under a multi-network policy (assessment_networks), joined with their observations.</summary>
public sealed class AssessmentNetworks
{
    // One query for a whole page of assessments; the primary key (tenant_id, assessment_id, network) serves it.
    private const string ForAssessmentsSql = """
        select n.assessment_id, n.network, n.handle, n.handle_ownership, n.status, n.observation_id, n.presence_tier,
            n.active_professional_presence, n.score, n.band, n.factors::text as factors, n.reason_codes, n.lookup_ms,
            o.source, o.status as observation_status, o.observed_at, o.window_days, o.original_posts, o.replies, o.reposts,
            o.relevant_original_posts, o.last_authored_post_at, o.followers, o.account_created_at, o.bio_matched_terms
        from assessment_networks n
        left join presence_observations o on o.tenant_id = n.tenant_id and o.id = n.observation_id
        where n.tenant_id = @tenantId and n.assessment_id = any(@assessmentIds)
        order by n.assessment_id, array_position(array['x', 'bluesky', 'mastodon'], n.network)
        """;

    private const string SaveSql = """
        insert into assessment_networks (
            tenant_id, assessment_id, network, handle, handle_ownership, status, observation_id,
            presence_tier, active_professional_presence, score, band, factors, reason_codes, lookup_ms)
        values (@tenantId, @assessmentId, @network, @handle, @handleOwnership, @status, @observationId,
            @tier, @active, @score, @band, @factors::jsonb, @reasonCodes, @lookupMs)
        on conflict (tenant_id, assessment_id, network) do update set
            status = excluded.status, observation_id = excluded.observation_id, presence_tier = excluded.presence_tier,
            active_professional_presence = excluded.active_professional_presence, score = excluded.score, band = excluded.band,
            factors = excluded.factors, reason_codes = excluded.reason_codes, lookup_ms = coalesce(excluded.lookup_ms, assessment_networks.lookup_ms)
        """;

    public Task<List<NetworkRow>> ForAssessmentAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, Guid assessmentId, CancellationToken ct) =>
        ReadAsync(connection, transaction, tenantId, [assessmentId], ct);

    /// <summary>
    /// The assessments as answered everywhere (one, a listing, a candidate's history, an export, an event): each made under a
    /// policy that reads several networks gets its <c>networks[]</c>, and its handle and evidence are the deciding network's.
    /// One query for all of them; none when every one is a default@1 answer, which stays as it always was.
    /// </summary>
    public async Task<IReadOnlyList<AssessmentResponse>> AnswerAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, IReadOnlyList<AssessmentResponse> assessments, CancellationToken ct)
    {
        var ids = assessments.Where(a => a.PolicyVersion != ScoringPolicy.DefaultVersion).Select(a => a.Id).ToArray();
        if (ids.Length == 0)
        {
            return assessments;
        }

        var read = (await ReadAsync(connection, transaction, tenantId, ids, ct)).ToLookup(n => n.AssessmentId);
        return assessments.Select(a => read.Contains(a.Id) ? DecidingNetwork.Answer(a, [.. read[a.Id]]) : a).ToList();
    }

    private static async Task<List<NetworkRow>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, Guid[] assessmentIds, CancellationToken ct) =>
        (await connection.QueryAsync<NetworkRow>(new CommandDefinition(ForAssessmentsSql, new { tenantId, assessmentIds }, transaction, cancellationToken: ct))).ToList();

    /// <summary>Writes one network of the assessment with its own score (inserted, or updated once its lookup ends).</summary>
    public Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid assessmentId,
        NetworkState state, ScoringResult result, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(SaveSql, new
        {
            tenantId, assessmentId, network = state.Network, handle = state.Handle, handleOwnership = WireName.Of(state.Ownership),
            status = WireName.Of(state.Status), observationId = state.ObservationId, tier = WireName.Of(result.Tier),
            active = result.ActiveProfessionalPresence, score = result.Score, band = WireName.Of(result.Band),
            factors = JsonSerializer.Serialize(result.Factors, Json.Options), reasonCodes = result.ReasonCodes.ToArray(),
            lookupMs = state.LookupMilliseconds,
        }, transaction, cancellationToken: ct));
}

/// <summary>Where one network of an assessment stands, as the write path and the lookups change it.</summary>
public sealed record NetworkState(
    string Network, string? Handle, HandleOwnership Ownership, NetworkStatus Status, Guid? ObservationId, Evidence? Evidence,
    string? UnreadReason = null, int? LookupMilliseconds = null)
{
    public NetworkInput ToInput() => new(Network, Status, Evidence, UnreadReason);
}

/// <summary>A stored network of an assessment with its observation's columns.</summary>
public sealed record NetworkRow : JoinedObservationColumns
{
    public Guid AssessmentId { get; init; }
    public required string Network { get; init; }
    public string? Handle { get; init; }
    public required string HandleOwnership { get; init; }
    public required string Status { get; init; }
    public required string PresenceTier { get; init; }
    public bool ActiveProfessionalPresence { get; init; }
    public int? Score { get; init; }
    public required string Band { get; init; }
    public string Factors { get; init; } = "[]";
    public required string[] ReasonCodes { get; init; }
    public int? LookupMs { get; init; }

    /// <summary>The network as the scoring sees it again: a not-read network keeps the reason it was not read.</summary>
    public NetworkState ToState() => new(
        Network, Handle, WireName.Parse<HandleOwnership>(HandleOwnership), WireName.Parse<NetworkStatus>(Status), ObservationId,
        JoinedEvidence is { } summary ? PresenceObservation.From(summary).ToEvidence() : null,
        WireName.Parse<NetworkStatus>(Status) == NetworkStatus.NotRead ? ReasonCodes.FirstOrDefault() : null, LookupMs);

    public NetworkResponse ToResponse() => new(
        Network, Handle, WireName.Parse<HandleOwnership>(HandleOwnership), WireName.Parse<NetworkStatus>(Status),
        WireName.Parse<PresenceTier>(PresenceTier), ActiveProfessionalPresence, Score, WireName.Parse<Band>(Band),
        JsonSerializer.Deserialize<List<FactorResult>>(Factors, Json.Options) ?? [], ReasonCodes, JoinedEvidence, LookupMs);
}
