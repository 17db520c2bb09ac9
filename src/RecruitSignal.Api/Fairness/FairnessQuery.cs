using System.Globalization;

namespace RecruitSignal.Fairness;

/// <summary>The period and policy version the figures are about: both days included, in UTC.</summary>
public sealed record FairnessQuery(DateOnly From, DateOnly To, string PolicyVersion)
{
    public const int MaxDays = 3660;

    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first instant after the period.</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The policy read when a query names none.</summary>
    public const string DefaultPolicyVersion = "default@1";

    /// <summary>
    /// The query, or the errors keyed by parameter name. Each part may be left out: the period then ends
    /// <paramref name="today"/> and spans a year (LL144's audits are yearly), and the policy is <see cref="DefaultPolicyVersion"/>.
    /// </summary>
    public static (FairnessQuery? Query, Dictionary<string, string[]>? Errors) Parse(string? from, string? to, string? policyVersion, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        var end = to is null ? today : Date(to, "to", errors);
        var start = from is null ? end?.AddDays(-364) : Date(from, "from", errors);
        policyVersion ??= DefaultPolicyVersion;
        if (string.IsNullOrWhiteSpace(policyVersion) || policyVersion.Length > 100)
        {
            errors["policyVersion"] = ["'policyVersion' names a policy version (for example 'default@1'), at most 100 characters."];
        }

        if (start is { } s && end is { } e && (e < s || e.DayNumber - s.DayNumber >= MaxDays))
        {
            errors["to"] = [$"'to' is on or after 'from', and the period is at most {MaxDays} days."];
        }

        return errors.Count > 0 ? (null, errors) : (new FairnessQuery(start!.Value, end!.Value, policyVersion), null);
    }

    private static DateOnly? Date(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[name] = [$"'{name}' is an ISO date such as 2026-01-31."];
        return null;
    }
}
