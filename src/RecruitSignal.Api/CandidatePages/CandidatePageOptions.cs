using System.ComponentModel.DataAnnotations;

namespace RecruitSignal.CandidatePages;

/// <summary>Limits of the candidate pages (environment: <c>CandidatePages__...</c>), per replica.</summary>
public sealed class CandidatePageOptions
{
    public const string Section = "CandidatePages";

    /// <summary>Requests one client address may make to candidate pages per minute (environment: <c>CandidatePages__PerAddressPerMinute</c>).</summary>
    [Range(1, 100_000, ErrorMessage = "CandidatePages__PerAddressPerMinute is from 1 to 100000 (default 60).")]
    public int PerAddressPerMinute { get; set; } = 60;

    /// <summary>Requests to one invitation link per minute, whoever makes them (environment: <c>CandidatePages__PerTokenPerMinute</c>).</summary>
    [Range(1, 100_000, ErrorMessage = "CandidatePages__PerTokenPerMinute is from 1 to 100000 (default 30).")]
    public int PerTokenPerMinute { get; set; } = 30;
}
