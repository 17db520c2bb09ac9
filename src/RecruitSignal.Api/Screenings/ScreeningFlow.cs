using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Audit;
using RecruitSignal.Consent;
using RecruitSignal.Infrastructure;
using RecruitSignal.Lookups;
using RecruitSignal.Scoring;
using RecruitSignal.Telemetry;
using RecruitSignal.Webhooks;
using RecruitSignal.XApi;

namespace RecruitSignal.Screenings;

/// <summary>
/// Stores a screening in one transaction and decides where its evidence comes from: declared evidence
/// is scored now; a handle alone, with a current consent grant and the X provider configured, reuses a
/// fresh observation of the same tenant or queues a lookup (a pending assessment); without consent
/// nothing is fetched and the candidate stays unverified with NO_CONSENT_FOR_LOOKUP.
/// </summary>
public sealed class ScreeningFlow(
    ScreeningStore store,
    ConsentStore consents,
    LookupJobs jobs,
    XObservationStore observations,
    AssessmentCompletion completion,
    AssessmentQueries assessments,
    WebhookOutbox outbox,
    AuditLog audit,
    IOptions<XApiOptions> options,
    TimeProvider clock)
{
    /// <summary>
    /// The one way to write a screening, whoever asks (the ATS's POST /v1/screenings, the candidate page, an ATS
    /// adapter): the candidate, the evidence or lookup, the assessment, its assessment.created event and its audit
    /// entry, all in the caller's transaction, which the caller commits.
    /// </summary>
    public async Task<AssessmentResponse> ScreenAsync(
        NpgsqlTransaction transaction, Guid tenantId, Guid? apiKeyId, Screening screening, CancellationToken ct)
    {
        var assessment = await SaveAsync(transaction, tenantId, screening, ct);
        await outbox.EnqueueAsync(transaction, tenantId, WebhookEvents.AssessmentCreated, [assessment], ct);
        // Last: the audit append holds the tenant's chain lock until COMMIT, so it should come just before it.
        await audit.AppendAsync(transaction.Connection!, transaction, tenantId, apiKeyId,
            AuditEvent.Of(AuditAction.ScreeningCreated, AuditTarget.Assessment, assessment.Id), ct);
        Instruments.ScreeningStored(WireName.Of(assessment.PresenceTier), WireName.Of(assessment.Band));
        return assessment;
    }

    /// <summary>Writes in the request's transaction; the caller commits it.</summary>
    public async Task<AssessmentResponse> SaveAsync(NpgsqlTransaction transaction, Guid tenantId, Screening screening, CancellationToken ct)
    {
        var settings = options.Value;
        var now = ScreeningStore.Microseconds(clock.GetUtcNow());
        var row = ScreeningStore.ToRow(screening, now);
        var connection = transaction.Connection!;

        // Only a handle still waiting for evidence is looked up: not one the policy refuses as unproven
        // (HANDLE_NOT_VERIFIED), nor anything the candidate declined.
        var wantsLookup = screening.Handle is not null && screening.Evidence is null && settings.IsConfigured
            && screening.Result.ReasonCodes.Contains(ReasonCodes.NoEvidence);
        var consented = wantsLookup
            && (screening.Candidate.Consent?.Granted
                ?? await consents.IsGrantedAsync(connection, transaction, tenantId, screening.Candidate.ExternalId!, ct));
        if (wantsLookup)
        {
            row = consented
                ? row with { Status = WireName.Of(AssessmentStatus.Pending), ReasonCodes = [.. row.ReasonCodes, ReasonCodes.LookupPending] }
                : row with { ReasonCodes = [.. row.ReasonCodes, ReasonCodes.NoConsentForLookup] };
        }

        var saved = await store.SaveAsync(transaction, tenantId, screening, row, ct);
        if (screening.Candidate.Consent is { } consent)
        {
            await consents.RecordAsync(connection, transaction, tenantId, saved.CandidateId, consent, now, ct);
        }

        var reused = false;
        if (consented)
        {
            var handle = screening.Handle!.Value;
            var terms = screening.Terms.Terms;
            var fresh = await observations.FindReusableAsync(
                connection, transaction, tenantId, handle, settings.WindowDays, terms, now - settings.ReuseObservationsFor, ct);
            if (fresh is { } found)
            {
                reused = await completion.CompleteAsync(connection, transaction, tenantId, saved.Id, found.Id, found.Observation, terms.Count > 0, ct);
            }
            else
            {
                await jobs.EnqueueAsync(connection, transaction, tenantId, saved.Id, saved.CandidateId, handle, now, ct);
            }
        }

        return reused ? (await assessments.FindAsync(transaction, tenantId, saved.Id, ct))! : saved;
    }
}
