using RecruitSignal.Presence;
using RecruitSignal.Scoring;
using RecruitSignal.Screenings;

namespace RecruitSignal.Lookups;

/// <summary>
/// One network's lookup of a multi-network assessment. Unlike an X lookup of default@1, a network that gives no usable answer
/// never fails the assessment: it ends as that network's status (<c>invalid_handle</c>, <c>unavailable</c>), which is never
/// absence. A rate limit waits for that server's reset; other servers' jobs run meanwhile.
/// </summary>
public sealed partial class LookupWorker
{
    private async Task<string> ProcessNetworkAsync(LookupJob job, IPresenceProvider provider, CancellationToken ct)
    {
        var settings = options.Value;
        var now = ScreeningStore.Microseconds(clock.GetUtcNow());
        if (job.Attempts > settings.MaxAttempts)
        {
            await networkCompletion.FinishAsync(job, NetworkStatus.Unavailable, null, null, "failed", $"Given up after {settings.MaxAttempts} attempts.", now, ct);
            return "unavailable";
        }

        bool consented;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            consented = await consents.IsGrantedAsync(connection, null, job.TenantId, job.CandidateId, ct, job.Network!);
        }

        if (!consented)
        {
            await networkCompletion.FinishAsync(job, NetworkStatus.NotRead, null, null, "cancelled", LookupJobs.ConsentWithdrawn, now, ct, ReasonCodes.NoConsentForLookup);
            return "cancelled";
        }

        var started = clock.GetTimestamp();
        int Elapsed() => (int)clock.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            var observation = await provider.ObserveAsync(job.TenantId, job.Handle, now, RelevanceTerms.From(job.RelevanceTerms, null, null), ct);
            await networkCompletion.FinishAsync(job, Networks.StatusOf(job.Network!, observation.Status), observation, Elapsed(), "completed", null, now, ct);
            return "completed";
        }
        catch (LookupException failure) when (WaitsOrRetries(job, failure))
        {
            return await LaterAsync(job, failure, now, ct);
        }
        catch (LookupException failure) when (failure.Kind == LookupFailureKind.InvalidHandle)
        {
            await networkCompletion.FinishAsync(job, NetworkStatus.InvalidHandle, null, Elapsed(), "failed", failure.Message, now, ct);
            return "invalid_handle";
        }
        catch (LookupException failure)
        {
            LogFailed(logger, job.Id, failure.Message);
            await networkCompletion.FinishAsync(job, NetworkStatus.Unavailable, null, Elapsed(), "failed", failure.Message, now, ct);
            return "unavailable";
        }
    }
}
