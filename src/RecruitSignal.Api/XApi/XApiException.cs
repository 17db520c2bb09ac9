namespace RecruitSignal.XApi;

/// <summary>
/// A call to X that gave no usable answer. Carries what the lookup job should do next; its message is
/// written by this service and never holds the token or a response body.
/// </summary>
public sealed class XApiException : Exception
{
    private XApiException(string message, XApiFailureKind kind, DateTimeOffset? retryAt = null) : base(message)
    {
        Kind = kind;
        RetryAt = retryAt;
    }

    public XApiFailureKind Kind { get; }

    /// <summary>When X's rate limit window resets (429 only).</summary>
    public DateTimeOffset? RetryAt { get; }

    public static XApiException RateLimited(DateTimeOffset retryAt) =>
        new($"X rate limit reached; the window resets at {retryAt:O}.", XApiFailureKind.RateLimited, retryAt);

    public static XApiException Refused(int status) =>
        new($"X refused the app's bearer token (HTTP {status}): check XApi__BearerToken and the app's access level.", XApiFailureKind.Refused);

    public static XApiException BudgetExhausted() =>
        new("The tenant's X API reads for this month are used up; the lookup waits for the next month or a higher cap.", XApiFailureKind.BudgetExhausted);

    public static XApiException Transient(string what) => new(what, XApiFailureKind.Transient);

    public static XApiException Unexpected(string what) => new(what, XApiFailureKind.Unexpected);
}

public enum XApiFailureKind
{
    /// <summary>429: wait for the reset, then try again.</summary>
    RateLimited,

    /// <summary>401/403 on the app token: the provider is misconfigured; retrying will not help.</summary>
    Refused,

    /// <summary>5xx or timeout after the HTTP retries: try again later.</summary>
    Transient,

    /// <summary>The tenant's monthly read cap is reached: the job waits, nothing is spent.</summary>
    BudgetExhausted,

    /// <summary>Any other answer X should not give: the job fails.</summary>
    Unexpected,
}
