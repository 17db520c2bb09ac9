using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace RecruitSignal.Presence.X;

/// <summary>What this process last learnt of the bearer token: X refused it, or accepted it since.</summary>
public sealed class XApiStatus
{
    private (int Status, DateTimeOffset At)? _refusal;

    public (int Status, DateTimeOffset At)? Refusal => _refusal;

    internal void Refused(int status, DateTimeOffset at) => _refusal = (status, at);

    internal void Accepted() => _refusal = null;
}

/// <summary>
/// Degraded, not unhealthy, when X refuses the token: the service still answers every call and
/// stores declared evidence, so taking replicas out of the load balancer would only make things worse.
/// </summary>
internal sealed class XApiHealthCheck(IOptions<XApiOptions> options, XApiStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct) => Task.FromResult(
        !options.Value.IsConfigured
            ? HealthCheckResult.Healthy("X API lookups are off (no XApi__BearerToken): declared evidence only.")
            : status.Refusal is { } refusal
                ? HealthCheckResult.Degraded($"X API misconfigured: X refused the bearer token (HTTP {refusal.Status}) at {refusal.At:O}; lookups fail until XApi__BearerToken is fixed.")
                : HealthCheckResult.Healthy("X API lookups are on."));
}
