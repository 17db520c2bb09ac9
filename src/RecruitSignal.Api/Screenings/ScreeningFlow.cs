using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Audit;
using RecruitSignal.Consent;
using RecruitSignal.Idempotency;
using RecruitSignal.Infrastructure;
using RecruitSignal.Lookups;
using RecruitSignal.Policies;
using RecruitSignal.Presence;
using RecruitSignal.Scoring;
using RecruitSignal.Telemetry;
using RecruitSignal.Webhooks;
using RecruitSignal.Presence.X;

namespace RecruitSignal.Screenings;

/// <summary>
/// Stores screenings in the request's transaction and decides where their evidence comes from: declared
/// evidence is scored now; a handle alone, with a current consent grant and the X provider configured, reuses
/// a fresh observation of the same tenant or queues a lookup (a pending assessment); without consent nothing
/// is fetched and the candidate stays unverified with NO_CONSENT_FOR_LOOKUP. A batch goes through the same
/// decisions, item after item, as if its items had been sent one by one: only the rows are written together.
/// </summary>
public sealed partial class ScreeningFlow(
    ScreeningStore store,
    BatchScreeningStore batchStore,
    ConsentStore consents,
    LookupJobs jobs,
    XObservationStore observations,
    AssessmentCompletion completion,
    AssessmentQueries assessments,
    WebhookOutbox outbox,
    AuditLog audit,
    IOptions<XApiOptions> options,
    TimeProvider clock,
    AssessmentNetworks networkStore,
    PresenceProviders providers,
    PolicyStore policies)
{
    /// <summary>
    /// The one way to write a screening, whoever asks (the ATS's POST /v1/screenings, the candidate page, an ATS
    /// adapter): the candidate, the evidence or lookup, the assessment, its assessment.created event and its audit
    /// entry, all in the caller's transaction, which the caller commits. A batch does the same through <see cref="SaveManyAsync"/>.
    /// With a <paramref name="claim"/> (an ATS's Idempotency-Key), the key is claimed before the first write, in the same batch
    /// when the screening is written in one.
    /// </summary>
    public async Task<AssessmentResponse> ScreenAsync(
        NpgsqlTransaction transaction, Guid tenantId, Guid? apiKeyId, Screening screening, CancellationToken ct, IdempotencyClaim? claim = null)
    {
        var now = ScreeningStore.Microseconds(clock.GetUtcNow());
        var consented = await ConsentedLookupAsync(transaction, tenantId, screening, earlierInBatch: null, ct);
        var row = WithLookup(ScreeningStore.ToRow(screening, now), screening, consented);
        var audited = (Guid assessmentId) => audit.AppendCommand(tenantId, apiKeyId, AuditEvent.Of(AuditAction.ScreeningCreated, AuditTarget.Assessment, assessmentId));
        AssessmentResponse assessment;
        if (screening.Networks is not null)
        {
            await (claim?.ClaimAsync(transaction, ct) ?? Task.CompletedTask);
            assessment = await SaveNetworksAsync(transaction, tenantId, screening, now, ct);
            await using var batch = new NpgsqlBatch(transaction.Connection, transaction)
            {
                BatchCommands = { outbox.EnqueueCommand(tenantId, WebhookEvents.AssessmentCreated, assessment), audited(assessment.Id) },
            };
            await batch.ExecuteNonQueryAsync(ct);
        }
        else if (screening.Candidate.Consent is null && !consented)
        {
            // Nothing to follow up (no consent to record, no lookup to queue): the rows, the assessment.created
            // event (written only if someone subscribes) and the audit entry go in one round trip; COMMIT is the next.
            // An Idempotency-Key is claimed at the head of that batch, with the answer, which is known beforehand.
            var newCandidateId = Guid.CreateVersion7(now);
            var provisional = ScreeningStore.Response(screening, row, newCandidateId);
            await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
            foreach (var command in claim is null ? [] : await claim.ClaimCommandsAsync(ScreeningEndpoints.Answer(provisional)))
            {
                batch.BatchCommands.Add(command);
            }

            batch.BatchCommands.Add(ScreeningStore.SaveCommand(tenantId, screening, row, newCandidateId));
            batch.BatchCommands.Add(outbox.EnqueueCommand(tenantId, WebhookEvents.AssessmentCreated, provisional));
            batch.BatchCommands.Add(audited(row.Id));
            if (claim is not null)
            {
                batch.BatchCommands.Add(claim.FillInCommand(newCandidateId, ScreeningStore.CandidateIdSql, new NpgsqlParameter<Guid>("assessmentId", row.Id)));
            }

            await using (var reader = await batch.ExecuteReaderAsync(ct))
            {
                await (claim?.ReadAsync(reader, ct) ?? Task.CompletedTask);
                await reader.ReadAsync(ct);
                assessment = provisional with { CandidateId = reader.GetGuid(0) };
                while (await reader.NextResultAsync(ct))
                {
                    // the outbox, audit and fill-in statements return nothing to read; reading on surfaces their errors
                }
            }

            claim?.FillIn(newCandidateId, assessment.CandidateId);
        }
        else
        {
            await (claim?.ClaimAsync(transaction, ct) ?? Task.CompletedTask);
            var saved = await store.SaveAsync(transaction, tenantId, screening, row, ct);
            assessment = await FinishAsync(transaction, tenantId, screening, saved, consented, now, ct);
            await using var batch = new NpgsqlBatch(transaction.Connection, transaction)
            {
                BatchCommands = { outbox.EnqueueCommand(tenantId, WebhookEvents.AssessmentCreated, assessment), audited(assessment.Id) },
            };
            await batch.ExecuteNonQueryAsync(ct);
        }

        Instruments.ScreeningStored(WireName.Of(assessment.PresenceTier), WireName.Of(assessment.Band));
        return assessment;
    }

    /// <summary>Writes every screening's rows in one set-based statement, then follows each one up in order.</summary>
    public async Task<IReadOnlyList<AssessmentResponse>> SaveManyAsync(
        NpgsqlTransaction transaction, Guid tenantId, IReadOnlyList<Screening> screenings, CancellationToken ct)
    {
        var now = ScreeningStore.Microseconds(clock.GetUtcNow());
        if (screenings.Any(s => s.Networks is not null))
        {
            // A policy reading several networks writes each screening's networks and jobs in turn: same transaction, same
            // answers. The other items of such a batch go one by one too (the set-based staging table is made once per
            // transaction), each seeing the consent an earlier item recorded.
            var each = new List<AssessmentResponse>(screenings.Count);
            for (var i = 0; i < screenings.Count; i++)
            {
                each.Add(screenings[i].Networks is null
                    ? await SaveOneAsync(transaction, tenantId, screenings[i], now.AddTicks(10 * i), ct)
                    : await SaveNetworksAsync(transaction, tenantId, screenings[i], now.AddTicks(10 * i), ct));
            }

            return each;
        }

        var consented = new bool[screenings.Count];
        var rows = new AssessmentRow[screenings.Count];
        var decided = new Dictionary<string, bool>(StringComparer.Ordinal); // externalId -> the consent an earlier item recorded
        for (var i = 0; i < screenings.Count; i++)
        {
            var candidate = screenings[i].Candidate;
            var earlier = decided.TryGetValue(candidate.ExternalId!, out var granted) ? granted : (bool?)null;
            consented[i] = await ConsentedLookupAsync(transaction, tenantId, screenings[i], earlier, ct);
            rows[i] = WithLookup(ScreeningStore.ToRow(screenings[i], now), screenings[i], consented[i]);
            if (candidate.Consent?.Granted is { } decision)
            {
                decided[candidate.ExternalId!] = decision;
            }
        }

        var saved = await batchStore.SaveAsync(transaction, tenantId, screenings, rows, ct);
        var finished = new List<AssessmentResponse>(saved.Count);
        for (var i = 0; i < saved.Count; i++)
        {
            // One microsecond apart, so that two decisions about one candidate in one batch keep their order.
            finished.Add(await FinishAsync(transaction, tenantId, screenings[i], saved[i], consented[i], now.AddTicks(10 * i), ct));
        }

        return finished;
    }

    private async Task<AssessmentResponse> SaveOneAsync(NpgsqlTransaction transaction, Guid tenantId, Screening screening, DateTimeOffset now, CancellationToken ct)
    {
        var consented = await ConsentedLookupAsync(transaction, tenantId, screening, earlierInBatch: null, ct);
        var row = WithLookup(ScreeningStore.ToRow(screening, now), screening, consented);
        var saved = await store.SaveAsync(transaction, tenantId, screening, row, ct);
        return await FinishAsync(transaction, tenantId, screening, saved, consented, now, ct);
    }

    // Only a handle still waiting for evidence is looked up: not one the policy refuses as unproven
    // (HANDLE_NOT_VERIFIED), nor anything the candidate declined.
    private bool WantsLookup(Screening screening) =>
        screening.Networks is null && screening.Handle is not null && screening.Evidence is null && options.Value.IsConfigured
        && screening.Result.ReasonCodes.Contains(ReasonCodes.NoEvidence);

    /// <summary>Whether the screening's X lookup may run: the consent it carries, else one recorded earlier in its batch, else the stored one.</summary>
    private async Task<bool> ConsentedLookupAsync(NpgsqlTransaction transaction, Guid tenantId, Screening screening, bool? earlierInBatch, CancellationToken ct) =>
        WantsLookup(screening)
        && (screening.Candidate.Consent?.Granted
            ?? earlierInBatch
            ?? await consents.IsGrantedAsync(transaction.Connection!, transaction, tenantId, screening.Candidate.ExternalId!, ct));

    private AssessmentRow WithLookup(AssessmentRow row, Screening screening, bool consented) =>
        !WantsLookup(screening) ? row
        : consented ? row with { Status = WireName.Of(AssessmentStatus.Pending), ReasonCodes = [.. row.ReasonCodes, ReasonCodes.LookupPending] }
        : row with { ReasonCodes = [.. row.ReasonCodes, ReasonCodes.NoConsentForLookup] };

    /// <summary>Records the consent the screening carries, then reuses a fresh observation or queues the lookup.</summary>
    private async Task<AssessmentResponse> FinishAsync(
        NpgsqlTransaction transaction, Guid tenantId, Screening screening, AssessmentResponse saved, bool consented, DateTimeOffset now, CancellationToken ct)
    {
        var connection = transaction.Connection!;
        if (screening.Candidate.Consent is { } consent)
        {
            await consents.RecordAsync(connection, transaction, tenantId, saved.CandidateId, consent, now, ct);
        }

        if (!consented)
        {
            return saved;
        }

        var settings = options.Value;
        var handle = screening.Handle!.Value;
        var terms = screening.Terms.Terms;
        var fresh = await observations.FindReusableAsync(
            connection, transaction, tenantId, handle, settings.WindowDays, terms, now - settings.ReuseObservationsFor, ct);
        if (fresh is { } found
            && await completion.CompleteAsync(connection, transaction, tenantId, saved.Id, found.Id, found.Observation, terms.Count > 0, ct))
        {
            return (await assessments.FindAsync(transaction, tenantId, saved.Id, ct))!;
        }

        if (fresh is null)
        {
            await jobs.EnqueueAsync(connection, transaction, tenantId, saved.Id, saved.CandidateId, handle, now, ct);
        }

        return saved;
    }
}
