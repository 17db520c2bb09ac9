using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Outbound;
using RecruitSignal.Policies;
using RecruitSignal.Screenings;
using RecruitSignal.Telemetry;
using RecruitSignal.Tenants;

namespace RecruitSignal.Integrations.Greenhouse;

/// <summary>
/// The Greenhouse Assessment Partner API, as Greenhouse calls it (grnhse/greenhouse-api-docs, source/includes/assessment):
/// list_tests, send_test, test_status and response_error under <c>/integrations/greenhouse/</c>, HTTP Basic with a key
/// of the tenant; the PATCH back is <see cref="GreenhouseCallbacks"/>. Beside them, the web hook receiver, and under
/// /v1 what the tenant manages: the errors Greenhouse reported and the web hook secret.
/// </summary>
public static class GreenhouseEndpoints
{
    public const string Tag = "Greenhouse";
    public const string SchemeName = "GreenhouseBasic";
    public const string PolicyName = "greenhouse-basic";

    public static IHostApplicationBuilder AddGreenhouse(this IHostApplicationBuilder builder)
    {
        BasicKeyAuthentication.Register(builder.Services, SchemeName, PolicyName, ApiScopes.Greenhouse);
        builder.Services.AddAtsAdapter<GreenhouseOptions, GreenhouseCallbacks>(GreenhouseOptions.Section, GreenhouseDocs.Configure);
        builder.Services.AddSingleton<SendTest>();
        builder.Services.AddSingleton<TestStatus>();
        builder.Services.AddSingleton<GreenhouseErrors>();
        return builder;
    }

    /// <summary>The four calls Greenhouse makes, and its web hook receiver.</summary>
    public static IEndpointRouteBuilder MapGreenhouse(this IEndpointRouteBuilder app)
    {
        var partner = app.MapAtsPartner(Ats.Greenhouse, Tag, PolicyName);
        partner.MapGet("/list_tests", ListTests).Counted("list_tests")
            .WithName("GreenhouseListTests")
            .WithSummary("Greenhouse: the tests this account offers")
            .WithDescription("One test per scoring policy the tenant can use (`default@1` and its own); `partner_test_id` is the policy version.");
        partner.MapPost("/send_test", SendTestAsync).Counted("send_test")
            .WithName("GreenhouseSendTest")
            .WithSummary("Greenhouse: send the test to a candidate")
            .WithDescription(GreenhouseDocs.SendTest)
            .Accepts<SendTestRequest>("application/json")
            .WithValidation<SendTestRequest>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        partner.MapGet("/test_status", TestStatusAsync).Counted("test_status")
            .WithName("GreenhouseTestStatus")
            .WithSummary("Greenhouse: where a test stands")
            .WithDescription(GreenhouseDocs.TestStatus)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        partner.MapPost("/response_error", ResponseErrorAsync).Counted("response_error")
            .WithName("GreenhouseResponseError")
            .WithSummary("Greenhouse: report an answer it could not use")
            .WithDescription("Stored for the tenant (`GET /v1/integrations/greenhouse/errors`) and logged, without the candidate's email. Answers 200 `{\"status\": 200}` as Greenhouse's documentation shows.")
            .Accepts<ResponseErrorRequest>("application/json")
            .WithValidation<ResponseErrorRequest>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        app.MapWebhookReceiver<GreenhouseWebhookEvent>(GreenhouseWebhooks.Contract, "GreenhouseWebhook", "Greenhouse: receive a web hook", GreenhouseDocs.Webhook)
            .Counted("webhook")
            .WithTags(Tag);
        return app;
    }

    /// <summary>What the tenant manages with its ordinary keys: the reported errors and the web hook secret.</summary>
    public static IEndpointRouteBuilder MapGreenhouseIntegration(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/integrations/greenhouse").WithTags(Tag);
        group.MapGet("/errors", GreenhouseErrors.ListAsync)
            .WithName("ListGreenhouseErrors")
            .WithSummary("What Greenhouse reported as malformed in our answers, newest first")
            .WithDescription("Keyset-paged like the other listings (`limit`, `cursor`, `next`). The candidate's email Greenhouse sends is never kept.")
            .ProducesValidationProblem();
        group.MapWebhookSecret(GreenhouseWebhooks.Contract, "Greenhouse");
        return v1;
    }

    internal static async Task<Ok<List<PartnerTest>>> ListTests(ClaimsPrincipal user, AtsPartner partner, CancellationToken ct) =>
        TypedResults.Ok((await partner.TestsAsync(user, ct)).Select(t => new PartnerTest(t.Id, t.Name)).ToList());

    internal static async Task<Results<Ok<SendTestResponse>, ValidationProblem, ProblemHttpResult>> SendTestAsync(
        SendTestRequest request, HttpContext http, ClaimsPrincipal user, SendTest sendTest, CancellationToken ct)
    {
        var key = BasicKeyAuthentication.KeyOf(http.Request)!;
        var (outcome, interviewId, field, refusal) = await sendTest.SendAsync(user.TenantId(), user.ApiKeyId(), key, request, ct);
        return outcome switch
        {
            SendTestOutcome.Refused => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field!] = [refusal!] }, title: "The request is not valid."),
            SendTestOutcome.EmailOff => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "This service sends no email.",
                detail: "The invitation cannot reach the candidate: the service has no SMTP server (Smtp__Host). Nothing was recorded."),
            _ => TypedResults.Ok(new SendTestResponse(interviewId!.Value.ToString())),
        };
    }

    internal static async Task<Results<Ok<TestStatusResponse>, ValidationProblem, ProblemHttpResult>> TestStatusAsync(
        [FromQuery(Name = "partner_interview_id")] string? partnerInterviewId, ClaimsPrincipal user, TestStatus status, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(partnerInterviewId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["partner_interview_id"] = ["'partner_interview_id' is required: the id send_test answered."],
            }, title: "The request is not valid.");
        }

        var found = Guid.TryParse(partnerInterviewId, out var id) ? await status.FindAsync(user.TenantId(), user.ApiKeyId(), id, ct) : null;
        return found is null ? Problems.NotFound("interview", partnerInterviewId.Length <= 100 ? partnerInterviewId : partnerInterviewId[..100]) : TypedResults.Ok(found);
    }

    internal static async Task<Ok<ResponseErrorAnswer>> ResponseErrorAsync(
        ResponseErrorRequest request, ClaimsPrincipal user, GreenhouseErrors errors, CancellationToken ct)
    {
        await errors.RecordAsync(user.TenantId(), request, ct);
        return TypedResults.Ok(new ResponseErrorAnswer(StatusCodes.Status200OK));
    }

    /// <summary>Counts the call's answers by status class once they are sent (recruitsignal.greenhouse.calls).</summary>
    private static RouteHandlerBuilder Counted(this RouteHandlerBuilder builder, string call) => builder.AddEndpointFilter(async (context, next) =>
    {
        var response = context.HttpContext.Response;
        response.OnCompleted(() =>
        {
            Instruments.GreenhouseCall(call, response.StatusCode);
            return Task.CompletedTask;
        });
        return await next(context);
    });
}
