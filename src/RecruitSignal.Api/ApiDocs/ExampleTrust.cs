using RecruitSignal.Policies;
using RecruitSignal.Rescoring;
using RecruitSignal.Reviews;
using RecruitSignal.Scoring;

namespace RecruitSignal.ApiDocs;

/// <summary>
/// The examples of policies, rescoring and human review: the tenant adds a policy that leaves absence unscored,
/// rescores with it, and the example assessment is contested by the candidate, then confirmed by a recruiter.
/// </summary>
internal static class ExampleTrust
{
    public static readonly DateTimeOffset PolicyCreatedAt = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset ContestedAt = new(2026, 11, 23, 16, 5, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset ReviewedAt = new(2026, 11, 24, 11, 20, 0, TimeSpan.Zero);

    /// <summary>The default policy's parameters, except that having no account is not scored.</summary>
    public static PolicyRequest NewPolicy { get; } = new("no-penalty", ScoringPolicy.Default.Weights, ScoringPolicy.Default.Tiers,
        ScoringPolicy.Default.Active, ScoringPolicy.Default.Scales, ScoringPolicy.Default.Bands, AbsenceTreatment.NotApplicable);

    /// <summary>As created: creating a policy does not activate it.</summary>
    public static PolicyResponse CreatedPolicy { get; } = new("no-penalty@1", false, false, PolicyCreatedAt, NewPolicy.ToPolicy("no-penalty@1"));

    public static PolicyList Policies { get; } = new(ScoringPolicy.DefaultVersion,
    [
        new PolicyResponse(ScoringPolicy.DefaultVersion, true, true, null, ScoringPolicy.Default),
        CreatedPolicy,
    ]);

    public static RescoringJobResponse RescoringJob { get; } = new(
        Guid.Parse("019a8c31-5d20-7c44-a1b2-3c4d5e6f7a8b"), CreatedPolicy.Version, RescoringJobStatus.Queued, 1240, 0, 0,
        PolicyCreatedAt.AddMinutes(5), PolicyCreatedAt.AddMinutes(5), null);

    public static ContestRequest Contest { get; } = new(
        "My recent posts about Kubernetes are on my team's account, not on this one. Please take them into account.");

    public static ReviewRequest Confirm { get; } = new(
        "recruiter-204", ReviewDecision.Confirmed, "Read the candidate's objection; the team account's posts would not change the band.", null);

    public static Review Objection { get; } = new(
        Guid.Parse("019a9a10-2b30-7d55-b2c3-4d5e6f7a8b9c"), ReviewState.Contested, null, Contest.Objection, null, ContestedAt);

    public static Review Confirmation { get; } = new(
        Guid.Parse("019a9f44-8e10-7a66-83d4-5e6f7a8b9cad"), ReviewState.Confirmed, Confirm.Reviewer, Confirm.Note, Confirm.OverrideBand, ReviewedAt);
}
