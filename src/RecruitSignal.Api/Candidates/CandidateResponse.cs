using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;

namespace RecruitSignal.Candidates;

/// <summary>A candidate as last sent by the ATS, with the newest assessment.</summary>
/// <param name="Id">RecruitSignal's id of the candidate (UUID v7).</param>
/// <param name="ExternalId">The ATS's id of the candidate.</param>
/// <param name="Handle">The X handle, without '@'.</param>
/// <param name="HandleOwnership">How the handle was obtained: <c>verified</c> (the candidate signed in with X), <c>claimed</c> (typed by the
/// candidate on the candidate page) or <c>ats</c>. A handle the candidate gave is kept when a later ATS screening sends none.</param>
/// <param name="LatestAssessment">The newest assessment, or null.</param>
public sealed record CandidateResponse(
    Guid Id,
    string ExternalId,
    string? FullName,
    string? Email,
    string? Headline,
    string? Handle,
    HandleOwnership? HandleOwnership,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    AssessmentResponse? LatestAssessment);

/// <summary>A page of candidates, newest first.</summary>
/// <param name="Next">Pass it as <c>cursor</c> to get the next page; null on the last page.</param>
public sealed record CandidateList(IReadOnlyList<CandidateResponse> Items, string? Next = null);

/// <summary>A candidate's assessments, newest first.</summary>
public sealed record AssessmentList(IReadOnlyList<AssessmentResponse> Items);

internal sealed record CandidateRow
{
    public const string Columns = "id, external_id, full_name, email, headline, twitter_handle, handle_ownership, created_at, updated_at";

    public Guid Id { get; init; }
    public long? ListPosition { get; init; } // read by the listing only
    public required string ExternalId { get; init; }
    public string? FullName { get; init; }
    public string? Email { get; init; }
    public string? Headline { get; init; }
    public string? TwitterHandle { get; init; }
    public string? HandleOwnership { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public CandidateResponse ToResponse(AssessmentResponse? latest) => new(
        Id, ExternalId, FullName, Email, Headline, TwitterHandle,
        HandleOwnership is null ? null : WireName.Parse<HandleOwnership>(HandleOwnership),
        new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)),
        new DateTimeOffset(DateTime.SpecifyKind(UpdatedAt, DateTimeKind.Utc)),
        latest);
}
