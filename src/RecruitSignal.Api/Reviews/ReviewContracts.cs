using RecruitSignal.Input;
using RecruitSignal.Scoring;

namespace RecruitSignal.Reviews;

/// <summary>Where an assessment stands with the humans: nobody looked yet, a reviewer confirmed or overrode it, or the candidate contested it.</summary>
public enum ReviewState { Unreviewed, Confirmed, Overridden, Contested }

/// <summary>What a reviewer decides.</summary>
public enum ReviewDecision { Confirmed, Overridden }

/// <param name="Reviewer">Who reviewed: a name or the ATS's id of the recruiter (1 to 200 characters).</param>
/// <param name="Decision"><c>confirmed</c> keeps the computed result; <c>overridden</c> replaces its band with <c>overrideBand</c>.</param>
/// <param name="Note">Why (at most 2,000 characters).</param>
/// <param name="OverrideBand">The band the reviewer chose (none, weak, moderate or strong); required for, and only for, an override.</param>
public sealed record ReviewRequest(string? Reviewer, ReviewDecision? Decision, [property: MultilineText] string? Note, Band? OverrideBand);

/// <param name="Objection">The candidate's objection in their own words (1 to 2,000 characters). Erased with the candidate.</param>
public sealed record ContestRequest([property: MultilineText] string? Objection);

/// <summary>One entry of an assessment's review history.</summary>
/// <param name="Decision">confirmed, overridden, or contested (an objection from the candidate).</param>
/// <param name="Reviewer">The reviewer; null for a contest.</param>
/// <param name="Note">The reviewer's note, or the candidate's objection.</param>
/// <param name="OverrideBand">The band a reviewer chose instead of the computed one.</param>
public sealed record Review(Guid Id, ReviewState Decision, string? Reviewer, string? Note, Band? OverrideBand, DateTimeOffset At);

/// <summary>An assessment's reviews, newest first.</summary>
public sealed record ReviewList(IReadOnlyList<Review> Items);
