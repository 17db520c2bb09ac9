using Dapper;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;
using RecruitSignal.Invitations;
using RecruitSignal.Reports;

namespace RecruitSignal.Integrations;

/// <summary>An order's state, with, once final, the candidate's answer, the assessment and the recruiter's report link.</summary>
public sealed record AtsResult(AtsOrderStatus Status, InvitationOutcome? Answer = null, AssessmentResponse? Assessment = null, string? ReportUrl = null)
{
    public const string Note = "Signal for a human recruiter, not a hiring decision";

    /// <summary>One line for an ATS that shows a summary beside the score (Workable, Ashby).</summary>
    public string Summary() => Assessment is not { } a
        ? $"{WireName.Of(Status)}. {Note}."
        : Answer == InvitationOutcome.Declined
            ? $"The candidate declined: no score. {Note}."
            : $"Presence tier {WireName.Of(a.PresenceTier)}; active professional presence: {(a.ActiveProfessionalPresence ? "yes" : "no")}; band {WireName.Of(a.Band)}"
                + (Status == AtsOrderStatus.Failed ? "; the account could not be read" : "") + $". {Note}.";
}

/// <summary>
/// Where an order stands, read from its invitation and the assessment the candidate's answer made: what every adapter
/// tells its ATS, each in its own words. Complete (or failed: the account could not be read) only once the assessment
/// is final; the report link is the one <c>POST /v1/assessments/{id}/report-links</c> gives.
/// </summary>
public sealed class AtsResults(NpgsqlDataSource dataSource, AssessmentQueries assessments, ReportLinks links, TimeProvider clock)
{
    private const string StateSql = $"""
        select {InvitationStore.EffectiveStatus} as invitation_status, i.outcome, i.assessment_id, a.status as assessment_status, o.cancelled_at is not null as cancelled
        from ats_orders o
        join candidate_invitations i on i.tenant_id = o.tenant_id and i.id = o.invitation_id
        left join assessments a on a.tenant_id = i.tenant_id and a.id = i.assessment_id
        where o.tenant_id = @tenantId and o.ats = @ats and o.id = @id
        """;

    /// <summary>The order's result, or null when the tenant has no such order of this ATS.</summary>
    public async Task<AtsResult?> FindAsync(Guid tenantId, string ats, Guid? apiKeyId, Guid orderId, CancellationToken ct)
    {
        State? state;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            state = await connection.QuerySingleOrDefaultAsync<State>(new CommandDefinition(
                StateSql, new { tenantId, ats, id = orderId, now = clock.GetUtcNow() }, cancellationToken: ct));
        }

        if (state is null)
        {
            return null;
        }

        var final = state.AssessmentStatus is "completed" or "failed";
        if (state.AssessmentId is not { } assessmentId || !final)
        {
            return new AtsResult(state.Cancelled ? AtsOrderStatus.Cancelled : state.InvitationStatus switch
            {
                "pending" => AtsOrderStatus.Sent,
                "expired" => AtsOrderStatus.Expired,
                "cancelled" => AtsOrderStatus.Cancelled,
                _ => AtsOrderStatus.InProgress,
            });
        }

        var assessment = await assessments.FindAsync(tenantId, assessmentId, ct);
        if (assessment is null)
        {
            return null;
        }

        var link = await links.LinkForAsync(tenantId, assessmentId, apiKeyId, ct);
        return new AtsResult(assessment.Status == AssessmentStatus.Failed ? AtsOrderStatus.Failed : AtsOrderStatus.Complete,
            WireName.Parse<InvitationOutcome>(state.Outcome!), assessment, link?.Url);
    }

    private sealed record State
    {
        public required string InvitationStatus { get; init; }
        public string? Outcome { get; init; }
        public Guid? AssessmentId { get; init; }
        public string? AssessmentStatus { get; init; }
        public bool Cancelled { get; init; }
    }
}
