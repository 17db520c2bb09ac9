using System.Diagnostics.CodeAnalysis;
using RecruitSignal.Scoring;

namespace RecruitSignal.Presence;

/// <summary>
/// One network the service reads presence evidence from, as the product needs it: parse a handle, observe the
/// account over the window, and resume lookups that waited for the network's allowance. Each network lives in
/// its own folder (Evidence/X/); what they share (the observation, window counting, the job queue in
/// Evidence/Lookups/) sits beside them. The namespace is RecruitSignal.Presence, not ...Evidence: a namespace
/// named Evidence would hide the Scoring.Evidence record from every RecruitSignal.* file.
/// </summary>
public interface IPresenceProvider
{
    /// <summary>The network's wire name: <c>x</c>.</summary>
    string Network { get; }

    /// <summary>Whether this service may read the network at all (X: a bearer token is set).</summary>
    bool IsConfigured { get; }

    /// <summary>Reads a handle in any form the network's users write it; the error names what is wrong.</summary>
    bool TryParseHandle(string? input, [NotNullWhen(true)] out string? handle, [NotNullWhen(false)] out string? problem);

    /// <summary>Puts back in the queue the lookups that waited for the network's allowance (X: the tenant's monthly reads).</summary>
    Task ResumeWaitingAsync(CancellationToken ct);

    /// <summary>Observes the account over the window, spending the tenant's allowance as it reads.</summary>
    /// <exception cref="LookupException">The network gave no usable answer.</exception>
    Task<PresenceObservation> ObserveAsync(Guid tenantId, string handle, DateTimeOffset observedAt, RelevanceTerms terms, CancellationToken ct);
}
