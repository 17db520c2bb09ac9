using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Outbound;
using RecruitSignal.Policies;
using RecruitSignal.Tenants;

namespace RecruitSignal.Integrations.Ashby;

/// <summary>
/// Ashby's assessments-partner contract (https://developers.ashbyhq.com/docs/creating-an-assessments-integration), as Ashby
/// calls it: <c>assessment.list</c>, <c>assessment.start</c> and <c>assessment.cancel</c> (POST) under
/// <c>/integrations/ashby</c>, HTTP Basic with a key of the tenant holding the <c>ashby</c> scope; Ashby hears back through
/// <see cref="AshbyCallbacks"/>. Under /v1, the tenant gives its Ashby API key.
/// </summary>
public static class AshbyEndpoints
{
    public const string Tag = "Ashby";
    public const string SchemeName = "AshbyBasic";
    public const string PolicyName = "ashby-basic";

    public static IHostApplicationBuilder AddAshby(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AshbyOptions>().BindConfiguration(AshbyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        BasicKeyAuthentication.Register(builder.Services, SchemeName, PolicyName, ApiScopes.Ashby);
        builder.Services.AddAtsCore();
        builder.Services.AddSingleton<AshbyCallbacks>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AshbyCallbacks>());
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", AshbyDocs.Configure);
        return builder;
    }

    public static IEndpointRouteBuilder MapAshby(this IEndpointRouteBuilder app)
    {
        var partner = app.MapGroup("/integrations/ashby").WithTags(Tag).RequireAuthorization(PolicyName);
        partner.MapPost("/assessment.list", List)
            .WithName("AshbyAssessmentList")
            .WithSummary("Ashby: the assessments this account offers")
            .WithDescription("One per scoring policy the tenant can use; `assessment_type_id` is the policy version. HTTP Basic: a key with the `ashby` scope as the username.");
        partner.MapPost("/assessment.start", StartAsync)
            .WithName("AshbyAssessmentStart")
            .WithSummary("Ashby: start an assessment of a candidate")
            .WithDescription("""
                Upserts the candidate as `ashby:{candidate.ashby_id}` (name and email only), emails the candidate an invitation and
                answers `{success, results: {assessment_id}}`. A second start of the same assessment type for the same candidate and
                application answers the same `assessment_id` and sends nothing. Once the result is final the service calls Ashby's
                `assessment.update` (`Ashby__ApiUrl`) with the tenant's Ashby API key (`PUT /v1/integrations/ashby`; 409 until given).
                """)
            .Accepts<AshbyStart>("application/json")
            .WithValidation<AshbyStart>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        partner.MapPost("/assessment.cancel", CancelAsync)
            .WithName("AshbyAssessmentCancel")
            .WithSummary("Ashby: cancel an assessment")
            .WithDescription("The invitation is cancelled (its link answers 410) and Ashby is sent `assessment.update` with `cancelled_reason`. Again `success` when repeated; another tenant's id answers 404.")
            .Accepts<AshbyCancel>("application/json")
            .WithValidation<AshbyCancel>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static IEndpointRouteBuilder MapAshbyIntegration(this IEndpointRouteBuilder v1)
    {
        v1.MapPut("/integrations/ashby", ConnectAsync)
            .WithTags(Tag)
            .WithName("ConnectAshby")
            .WithSummary("Give the tenant's Ashby API key")
            .WithDescription("An Ashby API key with the candidatesWrite permission, sent as the Basic username to Ashby's assessment.update. Kept encrypted with the Data Protection key ring and never shown again; applies to assessments started from now on. Audited.")
            .WithValidation<AshbyConnection>();
        return v1;
    }

    internal static async Task<Ok<AshbyAssessmentList>> List(ClaimsPrincipal user, PolicyStore policies, CancellationToken ct) =>
        TypedResults.Ok(new AshbyAssessmentList(true, (await policies.ListAsync(user.TenantId(), ct)).Items
            .Select(p => new AshbyAssessmentType(p.Version, $"Professional presence on X (policy {p.Version})",
                "The candidate is invited to show their public professional activity on X; a signal for a human recruiter, not a hiring decision.")).ToList()));

    internal static async Task<Results<Ok<AshbyStartAnswer>, ValidationProblem, ProblemHttpResult>> StartAsync(
        AshbyStart request, ClaimsPrincipal user, AtsOrders orders, IOptions<AshbyOptions> options, TargetGuard guard, CancellationToken ct)
    {
        var settings = options.Value;
        if (await CallbackTarget.RefusalAsync(settings.UpdateUrl, "Ashby__ApiUrl", "Ashby", settings.AllowedHosts, "Ashby__ApiUrl", settings.AllowPrivateTargets, guard, ct) is { } refused)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Ashby cannot be called back.", detail: refused);
        }

        var candidate = request.Candidate!;
        var key = $"{candidate.AshbyId}|{request.Application?.AshbyId}|{request.AssessmentTypeId}";
        var order = new AtsOrder(Ats.Ashby, key, settings.UpdateUrl, request.AssessmentTypeId!, "ashby:" + candidate.AshbyId, candidate.FullName(), candidate.Email!, Credential: null);
        var (outcome, id) = await orders.PlaceAsync(user.TenantId(), user.ApiKeyId(), order, settings.InvitationDays,
            new AuditEvent(AuditAction.AtsOrderPlaced, AuditTarget.AtsOrder, ""), ct);
        return outcome switch
        {
            AtsOrderOutcome.Placed or AtsOrderOutcome.Replayed => TypedResults.Ok(new AshbyStartAnswer(true, new AshbyStarted(id!.Value.ToString()))),
            AtsOrderOutcome.UnknownTest => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["assessment_type_id"] = [$"'{request.AssessmentTypeId}' is not an assessment of this account: ask assessment.list."],
            }, title: "The request is not valid."),
            AtsOrderOutcome.NotConnected => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Ashby is not connected.",
                detail: "The tenant has not given its Ashby API key (PUT /v1/integrations/ashby), so Ashby could not be told the result. Nothing was recorded."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "This service sends no email.",
                detail: "The invitation cannot reach the candidate: the service has no SMTP server (Smtp__Host). Nothing was recorded."),
        };
    }

    internal static async Task<Results<Ok<AshbyAnswer>, ProblemHttpResult>> CancelAsync(AshbyCancel request, ClaimsPrincipal user, AtsOrders orders, CancellationToken ct) =>
        Guid.TryParse(request.AssessmentId, out var id) && await orders.CancelAsync(user.TenantId(), user.ApiKeyId(), Ats.Ashby, id, notify: true, ct)
            ? TypedResults.Ok(new AshbyAnswer(true))
            : Problems.NotFound("assessment", request.AssessmentId!.Length <= 100 ? request.AssessmentId : request.AssessmentId[..100]);

    internal static async Task<Ok<AtsConnection>> ConnectAsync(AshbyConnection request, ClaimsPrincipal user, AtsCredentials credentials, CancellationToken ct) =>
        TypedResults.Ok(new AtsConnection(Ats.Ashby, true, await credentials.SetAsync(user.TenantId(), user.ApiKeyId(), Ats.Ashby, request.ApiKey!, ct)));
}
