using RecruitSignal.Audit;
using RecruitSignal.Explanations;
using RecruitSignal.Policies;
using RecruitSignal.Privacy;
using RecruitSignal.Rescoring;
using RecruitSignal.Retention;
using RecruitSignal.Reviews;

namespace RecruitSignal.Trust;

/// <summary>
/// What makes screening trustworthy, in one place for Program.cs: versioned policies, rescoring, human
/// review, explanations, the candidate's rights (access, erasure, retention) and the audit log.
/// </summary>
public static class TrustExtensions
{
    public static IHostApplicationBuilder AddTrust(this IHostApplicationBuilder builder)
    {
        builder.AddAudit();
        builder.AddPolicies();
        builder.AddRescoring();
        builder.AddReviews();
        builder.AddPrivacy();
        builder.AddRetention();
        return builder;
    }

    public static IEndpointRouteBuilder MapTrust(this IEndpointRouteBuilder v1)
    {
        v1.MapPolicies();
        v1.MapRescoring();
        v1.MapReviews();
        v1.MapExplanations();
        v1.MapPrivacy();
        v1.MapRetention();
        v1.MapAudit();
        return v1;
    }
}
