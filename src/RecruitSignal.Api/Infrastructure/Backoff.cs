namespace RecruitSignal.Infrastructure;

/// <summary>Retry delays of the outboxes (webhooks, Greenhouse's PATCH): doubling from a first delay up to a cap.</summary>
public static class Backoff
{
    /// <summary>
    /// Exponential backoff with "equal jitter": half the delay fixed, half random, so the retries of many receivers
    /// spread out. <paramref name="attempt"/> is the attempt that just failed, from 1.
    /// </summary>
    public static TimeSpan EqualJitter(TimeSpan first, TimeSpan max, int attempt)
    {
        var exponential = first * Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = exponential < max ? exponential : max;
        return delay / 2 + delay / 2 * Random.Shared.NextDouble();
    }
}
