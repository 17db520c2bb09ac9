using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;
using RecruitSignal.Presence;
using RecruitSignal.Scoring;

namespace RecruitSignal.Screenings;

/// <summary>
/// A screening under a policy that reads several networks (default@2), top to bottom: each named network is declared,
/// queued for a lookup (a current grant covers it and its provider is configured) or not read (and why); the networks
/// are scored, the best one gives the assessment's result; the assessment, its networks, declared observations and
/// lookup jobs are written in the caller's transaction. The assessment stays pending until every queued lookup ends.
/// </summary>
public sealed partial class ScreeningFlow
{
    private async Task<AssessmentResponse> SaveNetworksAsync(NpgsqlTransaction transaction, Guid tenantId, Screening screening, DateTimeOffset now, CancellationToken ct)
    {
        var connection = transaction.Connection!;
        var policy = await policies.FindAsync(transaction, tenantId, screening.Result.PolicyVersion, ct)
            ?? throw new InvalidOperationException($"The policy {screening.Result.PolicyVersion} of a validated screening is gone.");
        var planned = new List<NetworkState>();
        foreach (var network in screening.Networks!)
        {
            planned.Add(network.Status == NetworkStatus.NotRead ? await PlanLookupAsync(transaction, tenantId, screening, network, now, ct) : network);
        }

        var scoring = NetworkScoring.Score(
            [.. planned.Select(n => n.ToInput())], screening.Terms.Terms.Count > 0, Screening.ForScoring(planned, screening.Ownership), screening.Statement, policy);
        var (overall, scores) = (scoring.Overall, scoring.Networks);
        var pending = planned.Any(n => n.Status == NetworkStatus.Pending);
        var scored = screening with { Result = overall };
        var row = ScreeningStore.ToRow(scored, now);
        if (pending)
        {
            row = row with
            {
                Status = WireName.Of(AssessmentStatus.Pending),
                ReasonCodes = row.ReasonCodes.Contains(ReasonCodes.LookupPending) ? row.ReasonCodes : [.. row.ReasonCodes, ReasonCodes.LookupPending],
            };
        }

        var saved = await store.SaveAsync(transaction, tenantId, scored, row, ct);
        if (screening.Candidate.Consent is { } consent)
        {
            await consents.RecordAsync(connection, transaction, tenantId, saved.CandidateId, consent, now, ct);
        }

        for (var i = 0; i < planned.Count; i++)
        {
            var state = planned[i];
            // The X evidence is stored with the assessment row (its observation_id); another network's declared evidence here.
            var observationId = state.ObservationId is { } reused ? reused
                : state.Evidence is null ? null
                : ReferenceEquals(state.Evidence, screening.Evidence) ? row.ObservationId
                : await observations.InsertAsync(connection, transaction, tenantId, saved.CandidateId, state.Handle, Declared(screening, state.Evidence),
                    screening.Terms.Terms, now, ct, state.Network, WireName.Of(EvidenceSource.Declared));
            await networkStore.SaveAsync(connection, transaction, tenantId, saved.Id, state with { ObservationId = observationId }, scores[i].Result, ct);
            if (state.Status == NetworkStatus.Pending)
            {
                await jobs.EnqueueAsync(connection, transaction, tenantId, saved.Id, saved.CandidateId, state.Handle!, now, ct, state.Network);
            }
        }

        return (await assessments.FindAsync(transaction, tenantId, saved.Id, ct))!;
    }

    /// <summary>
    /// A named network without declared evidence, when a current grant covers it: a fresh observation of that network and handle
    /// (the same window and terms, younger than <c>XApi__ReuseObservationsFor</c>) is reused as X's is, else a lookup is queued.
    /// Not covered, or not configured: not read, and why.
    /// </summary>
    private async Task<NetworkState> PlanLookupAsync(
        NpgsqlTransaction transaction, Guid tenantId, Screening screening, NetworkState network, DateTimeOffset now, CancellationToken ct)
    {
        // A handle the policy refuses as unproven is never fetched, whatever the consent covers.
        if (network.Handle is null || network.UnreadReason == ReasonCodes.HandleNotVerified || !providers.IsConfigured(network.Network))
        {
            return network;
        }

        var covered = screening.Candidate.Consent is { Granted: { } granted } decision
            ? granted && decision.CoveredNetworks().Contains(network.Network)
            : await consents.IsGrantedAsync(transaction.Connection!, transaction, tenantId, screening.Candidate.ExternalId!, ct, network.Network);
        if (!covered)
        {
            return network with { UnreadReason = ReasonCodes.NoConsentForLookup };
        }

        var settings = options.Value;
        var fresh = await observations.FindReusableAsync(transaction.Connection!, transaction, tenantId, network.Handle, settings.WindowDays,
            screening.Terms.Terms, now - settings.ReuseObservationsFor, ct, network.Network);
        return fresh is { } found
            ? network with
            {
                Status = Networks.StatusOf(network.Network, found.Observation.Status), ObservationId = found.Id,
                Evidence = found.Observation.ToEvidence(), UnreadReason = null,
            }
            : network with { Status = NetworkStatus.Pending, UnreadReason = null };
    }

    /// <summary>Declared evidence of a network other than X, as the observation stored for it: counts, dates and matched terms.</summary>
    private static PresenceObservation Declared(Screening screening, Evidence evidence)
    {
        var declared = screening.DeclaredEvidence!;
        return new PresenceObservation(
            evidence.Status, ScreeningStore.Microseconds(evidence.ObservedAt), evidence.WindowDays, declared.OriginalPosts, declared.Replies, declared.Reposts,
            evidence.Status == AccountStatus.Found ? evidence.RelevantOriginalPosts : declared.RelevantOriginalPosts,
            declared.LastAuthoredPostAt is { } last ? ScreeningStore.Microseconds(last) : null, declared.Followers,
            declared.AccountCreatedAt is { } created ? ScreeningStore.Microseconds(created) : null, screening.BioMatchedTerms);
    }
}
