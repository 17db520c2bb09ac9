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
    private const string ForAssessmentSql = """
        select n.network, n.handle, n.handle_ownership, n.status, n.observation_id, n.presence_tier, n.active_professional_presence,
            n.score, n.band, n.factors::text as factors, n.reason_codes, n.lookup_ms,
            o.source, o.status as observation_status, o.observed_at, o.window_days, o.original_posts, o.replies, o.reposts,
            o.relevant_original_posts, o.last_authored_post_at, o.followers, o.account_created_at, o.bio_matched_terms
        from assessment_networks n
        left join presence_observations o on o.tenant_id = n.tenant_id and o.id = n.observation_id
        where n.tenant_id = @tenantId and n.assessment_id = @assessmentId
        order by array_position(array['x', 'bluesky', 'mastodon'], n.network)
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

    public async Task<IReadOnlyList<NetworkRow>> ForAssessmentAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, Guid assessmentId, CancellationToken ct) =>
        (await connection.QueryAsync<NetworkRow>(new CommandDefinition(ForAssessmentSql, new { tenantId, assessmentId }, transaction, cancellationToken: ct))).ToList();

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
