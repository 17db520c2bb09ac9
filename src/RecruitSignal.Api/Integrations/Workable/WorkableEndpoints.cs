using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Outbound;
using RecruitSignal.Policies;
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

    public static IHostApplicationBuilder AddWorkable(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkableOptions>().BindConfiguration(WorkableOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAtsCore();
        builder.Services.AddSingleton<WorkableCallbacks>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WorkableCallbacks>());
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", WorkableDocs.Configure);
        return builder;
    }

    public static IEndpointRouteBuilder MapWorkable(this IEndpointRouteBuilder app)
    {
        var partner = app.MapGroup("/integrations/workable").WithTags(Tag).RequireAuthorization(ApiScopes.Workable);
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
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        partner.MapDelete("/assessments/{id}", CancelAsync)
            .WithName("WorkableCancelAssessment")
            .WithSummary("Workable: withdraw an assessment")
            .WithDescription("The candidate's invitation is cancelled (its link answers 410) and nothing is sent back to Workable. 204, again 204 when repeated; another tenant's id answers 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static IEndpointRouteBuilder MapWorkableIntegration(this IEndpointRouteBuilder v1)
    {
        v1.MapPut("/integrations/workable", ConnectAsync)
            .WithTags(Tag)
            .WithName("ConnectWorkable")
            .WithSummary("Give the token Workable issued for RecruitSignal")
            .WithDescription("Kept encrypted with the Data Protection key ring and never shown again; results of assessments ordered from now on are PUT with it as Bearer. Replacing it applies to later orders. Audited.")
            .WithValidation<WorkableConnection>();
        return v1;
    }

    internal static async Task<Ok<WorkableTestList>> ListTests(ClaimsPrincipal user, PolicyStore policies, CancellationToken ct) =>
        TypedResults.Ok(new WorkableTestList((await policies.ListAsync(user.TenantId(), ct)).Items
            .Select(p => new WorkableTest(p.Version, $"Professional presence on X (policy {p.Version})")).ToList()));

    internal static async Task<Results<Ok<WorkableOrderAnswer>, ValidationProblem, ProblemHttpResult>> OrderAsync(
        WorkableOrder request, ClaimsPrincipal user, AtsOrders orders, IOptions<WorkableOptions> options, TargetGuard guard, CancellationToken ct)
    {
        var settings = options.Value;
        var url = request.CallbackUrl!;
        if (await CallbackTarget.RefusalAsync(url, "callback_url", "Workable", settings.AllowedHosts, "Workable__CallbackHosts", settings.AllowPrivateTargets, guard, ct) is { } refused)
        {
            return Invalid("callback_url", refused);
        }

        var candidate = request.Candidate!;
        var order = new AtsOrder(Ats.Workable, url, url, request.TestId!, "workable:" + candidate.Id, candidate.FullName(), candidate.Email!, Credential: null);
        var (outcome, id) = await orders.PlaceAsync(user.TenantId(), user.ApiKeyId(), order, settings.InvitationDays,
            new AuditEvent(AuditAction.AtsOrderPlaced, AuditTarget.AtsOrder, ""), ct);
        return outcome switch
        {
            AtsOrderOutcome.Placed or AtsOrderOutcome.Replayed => TypedResults.Ok(new WorkableOrderAnswer(id!.Value.ToString())),
            AtsOrderOutcome.UnknownTest => Invalid("test_id", $"'{request.TestId}' is not a test of this account: ask GET /tests."),
            AtsOrderOutcome.NotConnected => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Workable is not connected.",
                detail: "The tenant has not given the token Workable issued (PUT /v1/integrations/workable), so the result could not be sent back. Nothing was recorded."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "This service sends no email.",
                detail: "The invitation cannot reach the candidate: the service has no SMTP server (Smtp__Host). Nothing was recorded."),
        };
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(string id, ClaimsPrincipal user, AtsOrders orders, CancellationToken ct) =>
        Guid.TryParse(id, out var orderId) && await orders.CancelAsync(user.TenantId(), user.ApiKeyId(), Ats.Workable, orderId, notify: false, ct)
            ? TypedResults.NoContent()
            : Problems.NotFound("assessment", id.Length <= 100 ? id : id[..100]);

    internal static async Task<Ok<AtsConnection>> ConnectAsync(WorkableConnection request, ClaimsPrincipal user, AtsCredentials credentials, CancellationToken ct) =>
        TypedResults.Ok(new AtsConnection(Ats.Workable, true, await credentials.SetAsync(user.TenantId(), user.ApiKeyId(), Ats.Workable, request.Token!, ct)));

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");
}
