using Dapper;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Candidates;
using RecruitSignal.Policies;
using RecruitSignal.Presence;
using RecruitSignal.Presence.X;
using RecruitSignal.Scoring;

namespace RecruitSignal.Lookups;

/// <summary>
/// Ends one network's lookup of a multi-network assessment: its observation (if any) and status are stored, every network is
/// scored again with the assessment's policy, and once no network is pending the assessment completes with the best network's
/// result (announced on the outbox by <see cref="AssessmentCompletion"/>), all in one transaction.
/// </summary>
public sealed class NetworkCompletion(
    NpgsqlDataSource dataSource, AssessmentNetworks networks, XObservationStore observations, AssessmentCompletion completion, PolicyStore policies)
{
    private const string PendingSql = """
        select policy_version from assessments
        where tenant_id = @tenantId and id = @assessmentId and status in ('pending', 'budget_exhausted')
        """;

    /// <summary>Finishes the job as <paramref name="jobStatus"/> and its network as <paramref name="status"/>; false if the job was no longer pending.</summary>
    public async Task<bool> FinishAsync(
        LookupJob job, NetworkStatus status, PresenceObservation? observation, int? lookupMilliseconds, string jobStatus, string? error,
        DateTimeOffset now, CancellationToken ct, string? unreadReason = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await CandidateLock.HoldAsync(connection, transaction, job.TenantId, job.CandidateId, ct)
            || !await LookupJobs.FinishAsync(connection, transaction, job, jobStatus, error, now, ct))
        {
            return false;
        }

        var version = await connection.QuerySingleOrDefaultAsync<string?>(
            new CommandDefinition(PendingSql, new { job.TenantId, job.AssessmentId }, transaction, cancellationToken: ct));
        var policy = version is null ? null : await policies.FindAsync(transaction, job.TenantId, version, ct);
        if (policy is null)
        {
            await transaction.CommitAsync(ct);
            return true; // finished or erased meanwhile: the job is closed, nothing to score
        }

        Guid? observationId = observation is null ? null : await observations.InsertAsync(
            connection, transaction, job.TenantId, job.CandidateId, job.Handle, observation, job.RelevanceTerms, now, ct,
            job.Network!, Networks.FetchedSource(job.Network!));
        var states = (await networks.ForAssessmentAsync(connection, transaction, job.TenantId, job.AssessmentId, ct))
            .Select(row => row.ToState())
            .Select(s => s.Network != job.Network ? s : s with
            {
                Status = status, ObservationId = observationId, Evidence = observation?.ToEvidence(), UnreadReason = unreadReason,
                LookupMilliseconds = lookupMilliseconds,
            })
            .ToList();
        var scoring = NetworkScoring.Score([.. states.Select(s => s.ToInput())], job.RelevanceTerms.Length > 0, Screenings.Screening.ForScoring(states, states[0].Ownership), null, policy);
        for (var i = 0; i < states.Count; i++)
        {
            await networks.SaveAsync(connection, transaction, job.TenantId, job.AssessmentId, states[i], scoring.Networks[i].Result, ct);
        }

        if (states.All(s => s.Status != NetworkStatus.Pending))
        {
            var best = states.FirstOrDefault(s => s.Network == scoring.BestNetwork);
            await completion.CompleteAsync(connection, transaction, job.TenantId, job.AssessmentId, best?.ObservationId, scoring.Overall, now, ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }
}
