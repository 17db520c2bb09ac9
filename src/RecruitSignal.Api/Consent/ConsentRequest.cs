using FluentValidation;
using RecruitSignal.Screenings;

namespace RecruitSignal.Consent;

/// <summary>The candidate's decision on linking their X account to their application (X developer policy: express opt-in).</summary>
/// <param name="Granted">True for a grant, false for a withdrawal (or a refusal).</param>
/// <param name="GrantedAt">When the candidate decided; defaults to the time of the request; not in the future.</param>
/// <param name="NoticeVersion">Version of the privacy notice the candidate was shown (required for a grant, at most 50 characters).</param>
/// <param name="Method">How the decision was collected, for example <c>ats_form</c> or <c>email</c> (at most 50 characters).</param>
/// <param name="Networks">The networks a grant covers: <c>x</c>, <c>bluesky</c>, <c>mastodon</c> (default <c>["x"]</c>, what every grant covered
/// before other networks were read). Nothing is fetched from a network the current grant does not cover. A withdrawal covers every network.</param>
public sealed record ConsentRequest(bool? Granted, DateTimeOffset? GrantedAt, string? NoticeVersion, string? Method, IReadOnlyList<string>? Networks = null)
{
    /// <summary>The networks the decision covers, as stored.</summary>
    public string[] CoveredNetworks() => Networks is { Count: > 0 } named ? [.. named.Distinct()] : [RecruitSignal.Presence.Networks.X];
}

/// <summary>A consent decision as recorded. The newest one is the candidate's current consent.</summary>
/// <param name="RecordedAt">When the service recorded the decision; the newest recorded decision is the current one.</param>
/// <param name="CancelledLookups">Pending lookups stopped by this decision (a withdrawal stops them all).</param>
/// <param name="Networks">The networks the decision covers.</param>
public sealed record ConsentResponse(
    Guid Id,
    Guid CandidateId,
    bool Granted,
    DateTimeOffset GrantedAt,
    string? NoticeVersion,
    string Method,
    DateTimeOffset RecordedAt,
    int CancelledLookups,
    IReadOnlyList<string> Networks);

public sealed class ConsentValidator : AbstractValidator<ConsentRequest>
{
    public const int MaxLength = 50;

    public ConsentValidator(TimeProvider clock)
    {
        RuleFor(x => x.Granted).NotNull().WithMessage("'granted' is required: true for a grant, false for a withdrawal.");
        RuleFor(x => x.Method).NotEmpty().WithMessage("'method' is required, for example 'ats_form'.").MaximumLength(MaxLength);
        // Two rules: a When() on one chain would also switch off the length check for withdrawals.
        RuleFor(x => x.NoticeVersion).Length(1, MaxLength).When(x => x.NoticeVersion is not null)
            .WithMessage($"'noticeVersion' is 1 to {MaxLength} characters when given.");
        RuleFor(x => x.NoticeVersion).NotEmpty().When(x => x.Granted == true)
            .WithMessage("'noticeVersion' is required for a grant: which notice did the candidate accept?");
        RuleFor(x => x.Networks).Must(n => n is null || n.Count is >= 1 and <= 3)
            .WithMessage($"'networks' lists 1 to 3 of: {string.Join(", ", RecruitSignal.Presence.Networks.All)}.");
        RuleForEach(x => x.Networks).Must(RecruitSignal.Presence.Networks.IsKnown)
            .WithMessage($"A network is one of: {string.Join(", ", RecruitSignal.Presence.Networks.All)}.");
        RuleFor(x => x.GrantedAt)
            .Must(at => at is null || at <= clock.GetUtcNow() + EvidenceValidator.ClockSkew).WithMessage("'grantedAt' is in the future.")
            .Must(at => at is null || at >= EvidenceValidator.Earliest).WithMessage("'grantedAt' is before X existed (2006-03-21).");
    }
}
