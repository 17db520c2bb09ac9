namespace RecruitSignal.Presence.X;

/// <summary>The X-specific wording of the lookup failures the job queue acts on.</summary>
internal static class XFailures
{
    public static LookupException RateLimited(DateTimeOffset retryAt) =>
        LookupException.RateLimited($"X rate limit reached; the window resets at {retryAt:O}.", retryAt);

    public static LookupException Refused(int status) =>
        LookupException.Refused($"X refused the app's bearer token (HTTP {status}): check XApi__BearerToken and the app's access level.");

    public static LookupException BudgetExhausted() =>
        LookupException.BudgetExhausted("The tenant's X API reads for this month are used up; the lookup waits for the next month or a higher cap.");
}
