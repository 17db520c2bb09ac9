using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using RecruitSignal.Lookups;
using RecruitSignal.Scoring;

namespace RecruitSignal.Presence.X;

/// <summary>X on the provider seam: handles as <see cref="XHandle"/>, reads through the X API v2, paid for from the tenant's monthly budget.</summary>
public sealed class XPresenceProvider(XApiLookup lookup, XReadBudget budget, LookupJobs jobs, IOptions<XApiOptions> options, TimeProvider clock) : IPresenceProvider
{
    public const string Name = "x";

    public string Network => Name;

    public bool IsConfigured => options.Value.IsConfigured;

    public bool TryParseHandle(string? input, [NotNullWhen(true)] out string? handle, [NotNullWhen(false)] out string? problem)
    {
        if (XHandle.TryParse(input, out var x, out problem))
        {
            handle = x.Value;
            return true;
        }

        handle = null;
        return false;
    }

    public Task ResumeWaitingAsync(CancellationToken ct) =>
        jobs.ResumeWithBudgetAsync(budget.CurrentMonth(), options.Value.MonthlyReadsPerTenant, clock.GetUtcNow(), ct);

    public Task<PresenceObservation> ObserveAsync(Guid tenantId, string handle, DateTimeOffset observedAt, RelevanceTerms terms, CancellationToken ct) =>
        lookup.ObserveAsync(handle, observedAt, options.Value.WindowDays, terms, ct, budget.For(tenantId));
}
