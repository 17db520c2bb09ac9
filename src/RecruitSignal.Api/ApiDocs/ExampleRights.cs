using RecruitSignal.Assessments;
using RecruitSignal.Audit;
using RecruitSignal.Privacy;
using RecruitSignal.Reviews;

namespace RecruitSignal.ApiDocs;

/// <summary>The examples of the candidate's rights: the export of the example candidate, and the audit log that led to it.</summary>
internal static class ExampleRights
{
    private static readonly DateTimeOffset ExportedAt = new(2026, 11, 25, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid ApiKeyId = Guid.Parse("019a1d07-6f00-7b11-9c22-3d44e5f60718");

    /// <summary>The example assessment after the objection and the review.</summary>
    private static AssessmentResponse Reviewed { get; } =
        Examples.Assessment with { ReviewState = ReviewState.Confirmed, LatestReview = ExampleTrust.Confirmation };

    /// <summary>The tenant's chain from its first entry, hashed as the service hashes it.</summary>
    public static IReadOnlyList<AuditEntry> AuditLog { get; } = Chain(
        (Examples.Assessment.CreatedAt, AuditEvent.Of(AuditAction.ScreeningCreated, AuditTarget.Assessment, Examples.Assessment.Id)),
        (ExampleTrust.PolicyCreatedAt, new AuditEvent(AuditAction.PolicyCreated, AuditTarget.Policy, ExampleTrust.CreatedPolicy.Version)),
        (ExampleTrust.ContestedAt, AuditEvent.Of(AuditAction.AssessmentContested, AuditTarget.Assessment, Examples.Assessment.Id)),
        (ExampleTrust.ReviewedAt, AuditEvent.Of(AuditAction.AssessmentReviewed, AuditTarget.Assessment, Examples.Assessment.Id)),
        (ExportedAt, AuditEvent.Of(AuditAction.CandidateExported, AuditTarget.Candidate, Examples.Candidate.Id)));

    public static CandidateExport Export { get; } = new(
        ExportedAt,
        Examples.Candidate with { LatestAssessment = Reviewed },
        [Examples.Assessment.Evidence!],
        [Reviewed],
        [new ExportedReview(Reviewed.Id, ExampleTrust.Confirmation), new ExportedReview(Reviewed.Id, ExampleTrust.Objection)],
        AuditLog.Where(entry => entry.TargetType is AuditTarget.Candidate or AuditTarget.Assessment).ToList(),
        [
            new ExportedConsent(Examples.ConsentRecorded.Id, Examples.ConsentRecorded.Granted, Examples.ConsentRecorded.GrantedAt,
                Examples.ConsentRecorded.NoticeVersion, Examples.ConsentRecorded.Method, Examples.ConsentRecorded.RecordedAt),
        ],
        []);

    private static List<AuditEntry> Chain(params (DateTimeOffset At, AuditEvent Event)[] events)
    {
        var (seq, prevHash) = (0L, AuditChain.Genesis);
        var entries = new List<AuditEntry>();
        foreach (var (at, audited) in events)
        {
            var row = AuditChain.Next(Examples.TenantId, seq, prevHash, at.UtcDateTime, ApiKeyId, audited);
            entries.Add(AuditEndpoints.ToEntry(row));
            (seq, prevHash) = (row.Seq, row.Hash);
        }

        return entries;
    }
}
