using System.Text.Json;
using Dapper;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Presence;
using RecruitSignal.Scoring;
using RecruitSignal.Screenings;

namespace RecruitSignal.Rescoring;

/// <summary>
/// Scores an assessment's stored evidence again, with any policy, into a NEW assessment of the same
/// candidate and observation. Nothing is overwritten: the old assessment stays as it was. An assessment of several networks
/// is scored again network by network from each one's stored observation (nothing is fetched), and under a policy of X
/// alone, from X's only: another network's evidence is never scored as X's.
/// </summary>
public sealed class Rescorer(AuditLog audit, AssessmentNetworks networks, TimeProvider clock)
{
    private const string InsertSql = """
        insert into assessments (
            tenant_id, id, candidate_id, observation_id, policy_version, status, handle, handle_ownership, presence_tier,
            active_professional_presence, score, band, factors, reason_codes, relevance_terms,
            job_external_id, assessed_at, created_at)
        values (
            @tenantId, @Id, @CandidateId, @ObservationId, @PolicyVersion, @Status, @Handle, @HandleOwnership, @PresenceTier,
            @ActiveProfessionalPresence, @Score, @Band, @Factors::jsonb, @ReasonCodes, @RelevanceTerms,
            @JobExternalId, @AssessedAt, @CreatedAt)
        """;

    /// <summary>What the engine saw when the assessment was made, read back from what was stored.</summary>
    public static ScoringInput StoredInput(AssessmentResponse stored)
    {
        var e = stored.Evidence;
        var evidence = e is null ? null : new Evidence(
            e.Status, e.ObservedAt, e.WindowDays, e.OriginalPosts ?? 0, e.Replies ?? 0, e.Reposts ?? 0,
            e.RelevantOriginalPosts ?? 0, e.LastAuthoredPostAt, e.BioMatchedTerms.Count > 0);
        return new ScoringInput(stored.Handle is not null, evidence, stored.RelevanceTerms.Count > 0, stored.Handle?.Ownership, StatementOf(stored));
    }

    // What the candidate said on the candidate page is kept as a reason code, so a rescore keeps it.
    private static CandidateStatement? StatementOf(AssessmentResponse stored) =>
        stored.ReasonCodes.Contains(ReasonCodes.CandidateDeclined) ? CandidateStatement.Declined
        : stored.ReasonCodes.Contains(ReasonCodes.CandidateStatedNoAccount) ? CandidateStatement.NoAccount
        : null;

    /// <summary>
    /// Inserts the new assessment (with its networks) and its audit entry in the caller's transaction and returns its id;
    /// null for an assessment of X alone under a policy of several networks: its other networks were never read.
    /// </summary>
    public async Task<Guid?> RescoreAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid? apiKeyId,
        AssessmentResponse stored, ScoringPolicy policy, CancellationToken ct)
    {
        var rows = stored.PolicyVersion == ScoringPolicy.DefaultVersion ? []
            : await networks.ForAssessmentAsync(connection, transaction, tenantId, stored.Id, ct);
        if (rows.Count == 0 && policy.ReadsNetworks)
        {
            return null;
        }

        var states = rows.Select(row => row.ToState()).ToList();
        var x = states.FirstOrDefault(s => s.Network == Networks.X);
        var id = Guid.CreateVersion7();
        ScoringResult result;
        if (!policy.ReadsNetworks)
        {
            result = ScoringEngine.Score(rows.Count == 0 ? StoredInput(stored)
                : new ScoringInput(x?.Handle is not null, x?.Evidence, stored.RelevanceTerms.Count > 0, x?.Ownership, StatementOf(stored)), policy);
            await InsertAsync(connection, transaction, tenantId, id, stored, result, rows.Count == 0 ? stored.Handle?.Username : x?.Handle,
                rows.Count == 0 ? stored.Handle?.Ownership : x?.Ownership, rows.Count == 0 ? stored.Evidence?.Id : x?.ObservationId, ct);
        }
        else
        {
            var read = states.Where(s => policy.Networks!.Contains(s.Network)).Select(s => Unproven(s, policy)).ToList();
            var scoring = NetworkScoring.Score([.. read.Select(s => s.ToInput())], stored.RelevanceTerms.Count > 0,
                Screening.ForScoring(read, x?.Ownership ?? HandleOwnership.Claimed), StatementOf(stored), policy);
            result = scoring.Overall;
            var best = read.FirstOrDefault(s => s.Network == scoring.BestNetwork);
            await InsertAsync(connection, transaction, tenantId, id, stored, result, x?.Handle, x?.Ownership, best?.ObservationId, ct);
            for (var i = 0; i < read.Count; i++)
            {
                await networks.SaveAsync(connection, transaction, tenantId, id, read[i] with { LookupMilliseconds = null }, scoring.Networks[i].Result, ct);
            }
        }

        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, AuditEvent.Of(AuditAction.AssessmentRescored, AuditTarget.Assessment, id), ct);
        return id;
    }

    // A policy that requires proof leaves an unproven handle unread, as a screening under it would (Screening.Named).
    private static NetworkState Unproven(NetworkState network, ScoringPolicy policy) =>
        policy.RequireVerifiedOwnership && network.Handle is not null && network.Ownership != HandleOwnership.Verified
            ? network with { Status = NetworkStatus.NotRead, ObservationId = null, Evidence = null, UnreadReason = ReasonCodes.HandleNotVerified }
            : network;

    private async Task InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid id, AssessmentResponse stored, ScoringResult result,
        string? handle, HandleOwnership? ownership, Guid? observationId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            tenantId,
            Id = id,
            stored.CandidateId,
            ObservationId = observationId,
            result.PolicyVersion,
            Status = WireName.Of(stored.Status),
            Handle = handle,
            HandleOwnership = ownership is { } owned ? WireName.Of(owned) : null,
            PresenceTier = WireName.Of(result.Tier),
            result.ActiveProfessionalPresence,
            result.Score,
            Band = WireName.Of(result.Band),
            Factors = JsonSerializer.Serialize(result.Factors, Json.Options),
            ReasonCodes = result.ReasonCodes.ToArray(),
            RelevanceTerms = stored.RelevanceTerms.ToArray(),
            stored.JobExternalId,
            AssessedAt = stored.AssessedAt.UtcDateTime,
            CreatedAt = now.AddTicks(-(now.Ticks % 10)),
        }, transaction, cancellationToken: ct));
    }
}
