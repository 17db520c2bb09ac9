using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RecruitSignal.Infrastructure;
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

    private static readonly AtsWords Words = new(Ats.Ashby, "Ashby", "assessment_type_id", "assessment.list", "its Ashby API key");

    public static IHostApplicationBuilder AddAshby(this IHostApplicationBuilder builder)
    {
        BasicKeyAuthentication.Register(builder.Services, SchemeName, PolicyName, ApiScopes.Ashby);
        builder.Services.AddAtsAdapter<AshbyOptions, AshbyCallbacks>(AshbyOptions.Section, AshbyDocs.Configure).AddAtsErrors(AshbyErrorShape.Instance);
        return builder;
    }

    public static IEndpointRouteBuilder MapAshby(this IEndpointRouteBuilder app)
    {
        var partner = app.MapAtsPartner(Ats.Ashby, Tag, PolicyName, AshbyErrorShape.Instance);
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
                `assessment.update` (`Ashby__ApiUrl`) with the tenant's Ashby API key (`PUT /v1/integrations/ashby`; 422 until given). Refusals are Ashby's error response with the `message` Ashby shows its user.
                """)
            .Accepts<AshbyStart>("application/json")
            .WithValidation<AshbyStart>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        partner.MapPost("/assessment.cancel", CancelAsync)
            .WithName("AshbyAssessmentCancel")
            .WithSummary("Ashby: cancel an assessment")
            .WithDescription("The invitation is cancelled (its link answers 410) and Ashby is sent `assessment.update` with `cancelled_reason`. Again `success` when repeated; another tenant's id answers 404.")
            .Accepts<AshbyCancel>("application/json")
            .WithValidation<AshbyCancel>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapWebhookReceiver<AshbyWebhookEvent>(AshbyWebhooks.Contract, "AshbyWebhook", "Ashby: receive a web hook", """
                Where Ashby's `candidateDelete` web hook is delivered (Admin > Ashby API > Webhooks, with the URL and secret token of
                `POST /v1/integrations/ashby/webhook-secret`). `Ashby-Signature: sha256=<hex HMAC-SHA256 of the raw body with the
                secret>` is required (401 otherwise, the same for an unknown receiver). `candidateDelete` erases the candidate
                `ashby:{data.candidate.id}` by the usual erasure (`erased`: whether one was held); `ping` and every other event are
                answered 200 and otherwise ignored, so that Ashby keeps the hook enabled.
                """).WithTags(Tag);
        return app;
    }

    public static IEndpointRouteBuilder MapAshbyIntegration(this IEndpointRouteBuilder v1)
    {
        v1.MapConnection<AshbyConnection>(Ats.Ashby, c => c.ApiKey!, "ConnectAshby", "Give the tenant's Ashby API key",
            "An Ashby API key with the candidatesWrite permission, sent as the Basic username to Ashby's assessment.update. Kept encrypted with the Data Protection key ring and never shown again; applies to assessments started from now on. Audited.")
            .WithTags(Tag);
        v1.MapGroup("/integrations/ashby").WithTags(Tag).MapWebhookSecret(AshbyWebhooks.Contract, "Ashby");
        return v1;
    }

    internal static async Task<Ok<AshbyAssessmentList>> List(ClaimsPrincipal user, AtsPartner partner, CancellationToken ct) =>
        TypedResults.Ok(new AshbyAssessmentList(true, (await partner.TestsAsync(user, ct)).Select(t => new AshbyAssessmentType(t.Id, t.Name,
            "The candidate is invited to show their public professional activity on X; a signal for a human recruiter, not a hiring decision.")).ToList()));

    internal static Task<Results<Ok<AshbyStartAnswer>, ValidationProblem, ProblemHttpResult>> StartAsync(
        AshbyStart request, ClaimsPrincipal user, AtsPartner partner, IOptions<AshbyOptions> options, CancellationToken ct)
    {
        var (settings, candidate) = (options.Value, request.Candidate!);
        // Ashby names no callback: a second start of the same type for the same candidate and application is the same order.
        var key = $"{candidate.AshbyId}|{request.Application?.AshbyId}|{request.AssessmentTypeId}";
        var order = new AtsOrder(Ats.Ashby, key, settings.UpdateUrl, request.AssessmentTypeId!, "ashby:" + candidate.AshbyId, candidate.FullName(), candidate.Email!, Credential: null);
        return partner.PlaceAsync(user, Words, settings, new AtsTarget(settings.UpdateUrl, "Ashby__ApiUrl", settings.AllowedHosts, "Ashby__ApiUrl", FromRequest: false),
            order, id => new AshbyStartAnswer(true, new AshbyStarted(id.ToString())), ct);
    }

    internal static async Task<Results<Ok<AshbyAnswer>, ProblemHttpResult>> CancelAsync(AshbyCancel request, ClaimsPrincipal user, AtsPartner partner, CancellationToken ct) =>
        await partner.CancelAsync(user, Ats.Ashby, request.AssessmentId, notify: true, ct) is { } missing ? missing : TypedResults.Ok(new AshbyAnswer(true));

}
