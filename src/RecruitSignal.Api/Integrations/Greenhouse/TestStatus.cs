using System.Globalization;
using Dapper;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;
using RecruitSignal.Invitations;
using RecruitSignal.Reports;

namespace RecruitSignal.Integrations.Greenhouse;

/// <summary>
/// test_status: where an interview stands, read from its invitation and the assessment the candidate's answer made.
/// <c>complete</c> only once that assessment is final, with the score (absent when there is none), a flat metadata
/// object of strings, and the recruiter's report link.
/// </summary>
public sealed class TestStatus(NpgsqlDataSource dataSource, AssessmentQueries assessments, ReportLinks links, TimeProvider clock)
{
    public const string Note = "Signal for a human recruiter, not a hiring decision";

    private const string StateSql = $"""
        select {InvitationStore.EffectiveStatus} as invitation_status, i.outcome, i.assessment_id, a.status as assessment_status
        from greenhouse_interviews g
        join candidate_invitations i on i.tenant_id = g.tenant_id and i.id = g.invitation_id
        left join assessments a on a.tenant_id = i.tenant_id and a.id = i.assessment_id
        where g.tenant_id = @tenantId and g.id = @id
        """;

    /// <summary>The interview's status, or null when the tenant has no such interview.</summary>
    public async Task<TestStatusResponse?> FindAsync(Guid tenantId, Guid? apiKeyId, Guid interviewId, CancellationToken ct)
    {
        State? state;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            state = await connection.QuerySingleOrDefaultAsync<State>(new CommandDefinition(
                StateSql, new { tenantId, id = interviewId, now = clock.GetUtcNow() }, cancellationToken: ct));
        }

        if (state is null)
        {
            return null;
        }

        var final = state.AssessmentStatus is "completed" or "failed";
        if (state.AssessmentId is not { } assessmentId || !final)
        {
            return new TestStatusResponse(state.InvitationStatus switch
            {
                "pending" => "sent",
                "expired" or "cancelled" => state.InvitationStatus,
                _ => "in_progress",
            });
        }

        var assessment = await assessments.FindAsync(tenantId, assessmentId, ct);
        if (assessment is null)
        {
            return null;
        }

        var link = await links.LinkForAsync(tenantId, assessmentId, apiKeyId, ct);
        return new TestStatusResponse("complete", link, assessment.Score, Metadata(assessment, WireName.Parse<InvitationOutcome>(state.Outcome!)));
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

    private sealed record State
    {
        public required string InvitationStatus { get; init; }
        public string? Outcome { get; init; }
        public Guid? AssessmentId { get; init; }
        public string? AssessmentStatus { get; init; }
    }
}
