using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Integrations.Workable;

/// <summary>
/// Workable's assessment-provider contract (https://workable.readme.io/page/assessment-providers), as Workable calls it:
/// <c>GET {base}/tests</c>, <c>POST {base}/assessments</c> and <c>DELETE {base}/assessments/{id}</c> under
/// <c>/integrations/workable</c>, Bearer with a key of the tenant holding the <c>workable</c> scope; the result goes back
/// through <see cref="WorkableCallbacks"/>. Under /v1, the tenant gives the token Workable issued it.
/// </summary>
public static class WorkableEndpoints
{
    public const string Tag = "Workable";

    private static readonly AtsWords Words = new(Ats.Workable, "Workable", "test_id", "GET /tests", "the token Workable issued");

    public static IHostApplicationBuilder AddWorkable(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAtsAdapter<WorkableOptions, WorkableCallbacks>(WorkableOptions.Section, WorkableDocs.Configure).AddAtsErrors(WorkableErrorShape.Instance);
        return builder;
    }

    public static IEndpointRouteBuilder MapWorkable(this IEndpointRouteBuilder app)
    {
        var partner = app.MapAtsPartner(Ats.Workable, Tag, ApiScopes.Workable, WorkableErrorShape.Instance);
        partner.MapGet("/tests", ListTests)
            .WithName("WorkableListTests")
            .WithSummary("Workable: the tests this account offers")
            .WithDescription("One test per scoring policy the tenant can use; `id` is the policy version. Bearer with a key holding the `workable` scope.");
        partner.MapPost("/assessments", OrderAsync)
            .WithName("WorkableCreateAssessment")
            .WithSummary("Workable: assess a candidate")
            .WithDescription("""
                Upserts the candidate as `workable:{candidate.id}` (name and email only; the job is not stored), emails the
                candidate an invitation (in the tenant's invitation language), and answers `assessment_id`. The same
                `callback_url` again answers the same `assessment_id` and sends nothing. The `callback_url` must be https
                on one of `Workable__CallbackHosts`. Once the candidate answered and the result is final, the service PUTs
                `{status: "completed", results_url, assessment: {score, summary}}` there with the tenant's Workable token
                (`PUT /v1/integrations/workable`); a refusal has no score. The tenant must have given that token first (409 otherwise).
                """)
            .Accepts<WorkableOrder>("application/json")
            .WithValidation<WorkableOrder>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        partner.MapDelete("/assessments/{id}", CancelAsync)
            .WithName("WorkableCancelAssessment")
            .WithSummary("Workable: withdraw an assessment")
            .WithDescription("The candidate's invitation is cancelled (its link answers 410) and nothing is sent back to Workable. 204, again 204 when repeated; another tenant's id answers 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static IEndpointRouteBuilder MapWorkableIntegration(this IEndpointRouteBuilder v1)
    {
        v1.MapConnection<WorkableConnection>(Ats.Workable, c => c.Token!, "ConnectWorkable", "Give the token Workable issued for RecruitSignal",
            "Kept encrypted with the Data Protection key ring and never shown again; results of assessments ordered from now on are PUT with it as Bearer. Replacing it applies to later orders. Audited.")
            .WithTags(Tag);
        return v1;
    }

    internal static async Task<Ok<WorkableTestList>> ListTests(ClaimsPrincipal user, AtsPartner partner, CancellationToken ct) =>
        TypedResults.Ok(new WorkableTestList((await partner.TestsAsync(user, ct)).Select(t => new WorkableTest(t.Id, t.Name)).ToList()));

    internal static Task<Results<Ok<WorkableOrderAnswer>, ValidationProblem, ProblemHttpResult>> OrderAsync(
        WorkableOrder request, ClaimsPrincipal user, AtsPartner partner, IOptions<WorkableOptions> options, CancellationToken ct)
    {
        var (settings, url, candidate) = (options.Value, request.CallbackUrl!, request.Candidate!);
        // The callback_url is Workable's own name for this assessment: the same one again is the same order.
        var order = new AtsOrder(Ats.Workable, url, url, request.TestId!, "workable:" + candidate.Id, candidate.FullName(), candidate.Email!, Credential: null);
        return partner.PlaceAsync(user, Words, settings, new AtsTarget(url, "callback_url", settings.AllowedHosts, "Workable__CallbackHosts", FromRequest: true),
            order, id => new WorkableOrderAnswer(id.ToString()), ct);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(string id, ClaimsPrincipal user, AtsPartner partner, CancellationToken ct) =>
        await partner.CancelAsync(user, Ats.Workable, id, notify: false, ct) is { } missing ? missing : TypedResults.NoContent();

}
