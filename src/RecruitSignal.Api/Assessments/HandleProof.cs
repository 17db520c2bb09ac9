using RecruitSignal.Presence;
using RecruitSignal.Scoring;

namespace RecruitSignal.Assessments;

/// <summary>
/// Which handles an assessment names and on which network each was given or proven, and which networks a policy requiring
/// proof of ownership left unread (<c>HANDLE_NOT_VERIFIED</c>), so the texts explaining them name the right network.
/// </summary>
public static class HandleProof
{
    /// <summary>
    /// The handles the candidate's and the recruiter's texts name, in the order answers list them: under a policy that reads
    /// several networks, one per network of <c>networks[]</c> that has a handle (each proven, or not, on its own network);
    /// else the assessment's handle (X's, its network unset). Empty when there is none.
    /// </summary>
    public static IReadOnlyList<AssessmentHandle> Handles(AssessmentResponse a) =>
        a.Networks?.Where(n => n.Handle is not null).Select(n => new AssessmentHandle(n.Handle!, n.Ownership, n.Network)).ToList() is { Count: > 0 } named
            ? named
            : a.Handle is { } handle ? [handle] : [];

    /// <summary>
    /// The networks of <c>networks[]</c> marked <c>HANDLE_NOT_VERIFIED</c>, in the order answers list them; X for an X-only
    /// assessment (no <c>networks[]</c>), whose proof is signing in with X.
    /// </summary>
    public static IReadOnlyList<string> NetworksNotVerified(AssessmentResponse a) =>
        a.Networks?.Where(n => n.ReasonCodes.Contains(ReasonCodes.HandleNotVerified)).Select(n => n.Network).ToList() is { Count: > 0 } unproven
            ? unproven
            : [Networks.X];
}
