using RecruitSignal.Presence;
using RecruitSignal.Scoring;

namespace RecruitSignal.Assessments;

/// <summary>Which networks a policy requiring proof of ownership left unread (<c>HANDLE_NOT_VERIFIED</c>), so the texts explaining it name them.</summary>
public static class HandleProof
{
    /// <summary>
    /// The networks of <c>networks[]</c> marked <c>HANDLE_NOT_VERIFIED</c>, in the order answers list them; X for an X-only
    /// assessment (no <c>networks[]</c>), whose proof is signing in with X.
    /// </summary>
    public static IReadOnlyList<string> NetworksNotVerified(AssessmentResponse a) =>
        a.Networks?.Where(n => n.ReasonCodes.Contains(ReasonCodes.HandleNotVerified)).Select(n => n.Network).ToList() is { Count: > 0 } unproven
            ? unproven
            : [Networks.X];
}
