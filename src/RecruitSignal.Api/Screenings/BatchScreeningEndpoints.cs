using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RecruitSignal.Idempotency;
using RecruitSignal.Assessments;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Policies;
using RecruitSignal.Scoring;
using RecruitSignal.Telemetry;
using RecruitSignal.Tenants;
using RecruitSignal.Webhooks;

namespace RecruitSignal.Screenings;

public static class BatchScreeningEndpoints
{
    public static IHostApplicationBuilder AddBatchScreenings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BatchOptions>().BindConfiguration(BatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<BatchScreeningStore>();
        builder.Services.AddSingleton<BatchMemory>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BatchMemory>());
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o.AddSchemaTransformer(BatchExamples.AddToSchema));
        return builder;
    }

    public static RouteHandlerBuilder MapBatchScreenings(this RouteGroupBuilder group)
    {
        var options = ((IEndpointRouteBuilder)group).ServiceProvider.GetRequiredService<IOptions<BatchOptions>>().Value;
        return group.MapPost("/batch", ScreenBatch)
            .WithName("CreateScreeningBatch")
            .WithSummary("Screen many candidates at once")
            .WithDescription($"""
                Up to {options.MaxBatchItems:N0} screening requests (body up to {options.MaxBatchBodyBytes / 1024 / 1024.0:0.#} MiB). Each item
                is validated on its own and behaves exactly as the same request sent alone to `POST /v1/screenings`
                (its `candidate.consent` is recorded, its X lookup queued); the answer lists, per index, the stored
                assessment (201, or 202 when it is pending on an X lookup) or the item's problem (400, errors keyed
                by the path inside the item). The valid items are stored together in one transaction, set-based; the
                invalid ones write nothing. Items with the same `externalId` are one candidate whose profile is the
                last item's, and each item gets its own assessment. An Idempotency-Key covers the whole batch. More
                items than the cap answer 413.
                """)
            .Accepts<BatchScreeningRequest>("application/json")
            .WithMetadata(new BodySizeLimit(options.MaxBatchBodyBytes))
            .WithIdempotency<BatchScreeningRequest>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    internal static async Task<Results<Ok<BatchScreeningResponse>, ValidationProblem, ProblemHttpResult>> ScreenBatch(
        BatchScreeningRequest request,
        ClaimsPrincipal user,
        IValidator<ScreeningRequest> validator,
        ScreeningFlow flow,
        PolicyStore policies,
        AuditLog audit,
        WebhookOutbox outbox,
        RequestTransaction work,
        IOptions<BatchOptions> options,
        BatchMemory memory,
        TimeProvider clock,
        CancellationToken ct)
    {
        if (request.Items is not { Count: > 0 } items)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["items"] = ["'items' lists at least one screening."] },
                title: "The request is not valid.");
        }

        if (items.Count > options.Value.MaxBatchItems)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many items in the batch.",
                detail: $"Send at most {options.Value.MaxBatchItems:N0} items per batch; this one has {items.Count:N0}.");
        }

        using var tracked = memory.Track(items.Count);
        var now = clock.GetUtcNow();
        var results = new BatchItemResult[items.Count];
        var valid = new List<(int Index, Screening Screening)>();
        var tenantId = user.TenantId();
        for (var i = 0; i < items.Count; i++)
        {
            var errors = await ErrorsOfAsync(validator, items[i], ct);
            var policy = errors is null ? await policies.ResolveAsync(work.Current, tenantId, items[i]!.PolicyVersion, ct) : null;
            if (errors is null && policy is null)
            {
                errors = new() { ["policyVersion"] = [PolicyEndpoints.UnknownVersionMessage(items[i]!.PolicyVersion!)] };
            }

            if (errors is null)
            {
                valid.Add((i, Screening.From(items[i]!, policy!, now)));
            }
            else
            {
                results[i] = new BatchItemResult(i, StatusCodes.Status400BadRequest, null,
                    new BatchItemProblem("The item is not valid.", StatusCodes.Status400BadRequest, errors));
            }
        }

        if (valid.Count > 0)
        {
            var assessments = await flow.SaveManyAsync(work.Current, tenantId, valid.ConvertAll(v => v.Screening), ct);
            await outbox.EnqueueAsync(work.Current, tenantId, WebhookEvents.AssessmentCreated, assessments, ct);
            await audit.AppendManyAsync(work.Current.Connection!, work.Current, tenantId, user.ApiKeyId(),
                assessments.Select(a => AuditEvent.Of(AuditAction.ScreeningCreated, AuditTarget.Assessment, a.Id)).ToList(), ct);
            for (var v = 0; v < valid.Count; v++)
            {
                Instruments.ScreeningStored(WireName.Of(assessments[v].PresenceTier), WireName.Of(assessments[v].Band));
                var status = assessments[v].Status == AssessmentStatus.Pending ? StatusCodes.Status202Accepted : StatusCodes.Status201Created;
                results[valid[v].Index] = new BatchItemResult(valid[v].Index, status, AssessmentSummary.Of(assessments[v]), null);
            }
        }

        return TypedResults.Ok(new BatchScreeningResponse(valid.Count, items.Count - valid.Count, results));
    }

    private static async Task<Dictionary<string, string[]>?> ErrorsOfAsync(IValidator<ScreeningRequest> validator, ScreeningRequest? item, CancellationToken ct)
    {
        if (item is null)
        {
            return new() { ["$"] = ["The item is null; send a screening request."] };
        }

        return await RequestValidation.ErrorsAsync(validator, item, ct);
    }
}
