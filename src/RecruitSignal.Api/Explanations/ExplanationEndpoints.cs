using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using RecruitSignal.ApiDocs;
using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;
using RecruitSignal.Policies;
using RecruitSignal.Presence;
using RecruitSignal.Scoring;
using RecruitSignal.Tenants;

namespace RecruitSignal.Explanations;

public static class ExplanationEndpoints
{
    public static IEndpointRouteBuilder MapExplanations(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/assessments/{id:guid}/explanation", GetExplanation)
            .WithTags("Candidate rights")
            .WithName("ExplainAssessment")
            .WithSummary("Explain an assessment to the candidate, in English or French")
            .WithDescription("""
                The right to an explanation: a plain-language account of what was observed and how each part of the
                score counted, written to the candidate, with no internal id, code or jargon, ready to show or send.
                The language follows `Accept-Language` (`fr`, `fr-FR`, `en`...; English by default) and is echoed in
                `Content-Language`.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithRequestHeader(HeaderNames.AcceptLanguage, "The candidate's languages (`fr`, `fr-FR;q=0.9, en;q=0.8`...); French or English, English by default.")
            .WithResponseHeader("200", HeaderNames.ContentLanguage, "The language of the explanation: `en` or `fr`.", required: true);
        return routes;
    }

    internal static async Task<Results<Ok<ExplanationResponse>, ProblemHttpResult>> GetExplanation(
        Guid id, HttpContext context, ClaimsPrincipal user, AssessmentQueries assessments, PolicyStore policies, CancellationToken ct)
    {
        var assessment = await assessments.FindAsync(user.TenantId(), id, ct);
        if (assessment is null)
        {
            return Problems.NotFound("assessment", id);
        }

        var accepted = context.Request.GetTypedHeaders().AcceptLanguage
            .Select(l => (l.Value.Value ?? "", l.Quality ?? 1.0));
        var language = ExplanationLanguage.Choose(accepted);
        context.Response.Headers[HeaderNames.ContentLanguage] = language.Code;
        // A refusal or a "no account" answer stands for every network the assessment's policy reads: the summary names them.
        var policy = await policies.FindAsync(user.TenantId(), assessment.PolicyVersion, ct) ?? ScoringPolicy.Default;
        return TypedResults.Ok(Explainer.Explain(assessment, language, Networks.ReadBy(policy)));
    }
}
