using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using RecruitSignal.Assessments;
using RecruitSignal.Idempotency;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;
using RecruitSignal.Tenants;
using RecruitSignal.Webhooks;

namespace RecruitSignal.Screenings;

public static class ScreeningEndpoints
{
    public static IHostApplicationBuilder AddScreenings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ScreeningStore>();
        builder.Services.AddSingleton<AssessmentQueries>();
        builder.Services.AddValidatorsFromAssemblyContaining<ScreeningValidator>(ServiceLifetime.Singleton);
        builder.AddBatchScreenings();
        return builder;
    }

    public static RouteGroupBuilder MapScreenings(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/screenings").WithTags("Screenings");

        group.MapPost("/", Screen)
            .WithName("CreateScreening")
            .WithSummary("Screen a candidate")
            .WithDescription("""
                Upserts the candidate by `externalId`, stores the declared evidence, scores it with the
                default policy and stores the assessment, all in one transaction. Answers 201 with the
                assessment and its `Location`. Invalid input answers a problem and writes nothing.
                """)
            .Accepts<ScreeningRequest>("application/json")
            .WithValidation<ScreeningRequest>()
            .WithIdempotency<ScreeningRequest>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapBatchScreenings();
        return group;
    }

    internal static async Task<Created<AssessmentResponse>> Screen(
        ScreeningRequest request, ClaimsPrincipal user, ScreeningStore store, WebhookOutbox outbox, RequestTransaction work, TimeProvider clock, CancellationToken ct)
    {
        var screening = Screening.From(request, ScoringPolicy.Default, clock.GetUtcNow());
        var assessment = await store.SaveAsync(work.Current, user.TenantId(), screening, ct);
        await outbox.EnqueueAsync(work.Current, user.TenantId(), WebhookEvents.AssessmentCreated, [assessment], ct);
        return TypedResults.Created($"/v1/assessments/{assessment.Id}", assessment);
    }
}
