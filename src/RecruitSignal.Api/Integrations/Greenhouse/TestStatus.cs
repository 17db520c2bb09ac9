using System.Globalization;
using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;
using RecruitSignal.Invitations;

namespace RecruitSignal.Integrations.Greenhouse;

/// <summary>
/// test_status: where an interview stands (<see cref="AtsResults"/>), in Greenhouse's words. <c>complete</c> only once
/// the assessment is final, with the score (absent when there is none), a flat metadata object of strings, and the
/// recruiter's report link.
/// </summary>
public sealed class TestStatus(AtsResults results)
{
    public const string Note = "Signal for a human recruiter, not a hiring decision";

    /// <summary>The interview's status, or null when the tenant has no such interview.</summary>
    public async Task<TestStatusResponse?> FindAsync(Guid tenantId, Guid? apiKeyId, Guid interviewId, CancellationToken ct)
    {
        var result = await results.FindAsync(tenantId, Ats.Greenhouse, apiKeyId, interviewId, ct);
        return result switch
        {
            null => null,
            { Assessment: { } assessment } => new TestStatusResponse("complete", result.ReportUrl, assessment.Score, Metadata(assessment, result.Answer!.Value)),
            _ => new TestStatusResponse(result.Status switch
            {
                AtsOrderStatus.Sent => "sent",
                AtsOrderStatus.Expired => "expired",
                AtsOrderStatus.Cancelled => "cancelled",
                _ => "in_progress",
            }),
        };
    }

    /// <summary>Flat, as Greenhouse requires: every value a string, every key a label Greenhouse shows as is.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(AssessmentResponse a, InvitationOutcome answer)
    {
        var metadata = new Dictionary<string, string>
        {
            ["Candidate answer"] = answer switch
            {
                InvitationOutcome.XSignin => "signed in with X",
                InvitationOutcome.TypedHandle => "typed their username",
                InvitationOutcome.NoAccount => "has no X account",
                _ => "refused",
            },
            ["Presence tier"] = WireName.Of(a.PresenceTier),
            ["Active professional presence"] = a.ActiveProfessionalPresence ? "yes" : "no",
            ["Band"] = WireName.Of(a.Band),
            ["Handle ownership"] = a.Handle is { } handle ? WireName.Of(handle.Ownership) : "none",
            ["Policy"] = a.PolicyVersion,
            ["Reason codes"] = string.Join(", ", a.ReasonCodes),
            ["Review"] = WireName.Of(a.ReviewState),
            ["Note"] = Note,
        };
        if (a.Evidence is { } evidence)
        {
            metadata["Observed at"] = evidence.ObservedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        if (a.Status == AssessmentStatus.Failed)
        {
            metadata["Lookup"] = "failed: the account could not be read";
        }

        return metadata;
    }
}
