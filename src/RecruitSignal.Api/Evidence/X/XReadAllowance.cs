namespace RecruitSignal.Presence.X;

/// <summary>
/// Asked before every call to X: <see cref="Spend"/> takes one read and says whether it was allowed; <see cref="Refund"/>
/// gives it back when X could not be reached, so that only calls X answered count.
/// </summary>
public sealed record XReadAllowance(Func<CancellationToken, Task<bool>> Spend, Func<CancellationToken, Task> Refund)
{
    public static XReadAllowance Unlimited { get; } = new(_ => Task.FromResult(true), _ => Task.CompletedTask);
}
