namespace RecruitSignal.Presence;

/// <summary>
/// A call to a network that gave no usable answer. Carries what the lookup job should do next; its message is
/// written by this service and never holds a token or a response body.
/// </summary>
public sealed class LookupException : Exception
{
    private LookupException(string message, LookupFailureKind kind, DateTimeOffset? retryAt = null) : base(message)
    {
        Kind = kind;
        RetryAt = retryAt;
    }

    public LookupFailureKind Kind { get; }

    /// <summary>When the network's rate limit window resets (429 only).</summary>
    public DateTimeOffset? RetryAt { get; }

    public static LookupException RateLimited(string what, DateTimeOffset retryAt) => new(what, LookupFailureKind.RateLimited, retryAt);

    public static LookupException Refused(string what) => new(what, LookupFailureKind.Refused);

    public static LookupException BudgetExhausted(string what) => new(what, LookupFailureKind.BudgetExhausted);

    public static LookupException Transient(string what) => new(what, LookupFailureKind.Transient);

    public static LookupException Unexpected(string what) => new(what, LookupFailureKind.Unexpected);

    public static LookupException InvalidHandle(string what) => new(what, LookupFailureKind.InvalidHandle);
}

public enum LookupFailureKind
{
    /// <summary>429: wait for the reset, then try again.</summary>
    RateLimited,

    /// <summary>401/403 on the app's credentials: the provider is misconfigured; retrying will not help.</summary>
    Refused,

    /// <summary>5xx or timeout after the HTTP retries: try again later.</summary>
    Transient,

    /// <summary>The tenant's monthly read cap is reached: the job waits, nothing is spent.</summary>
    BudgetExhausted,

    /// <summary>Any other answer the network should not give: the job fails.</summary>
    Unexpected,

    /// <summary>The handle does not name one account (a Bluesky handle that does not resolve both ways): the job fails, never absence.</summary>
    InvalidHandle,
}
