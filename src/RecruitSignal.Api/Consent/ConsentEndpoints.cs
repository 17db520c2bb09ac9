using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Consent;

public static class ConsentEndpoints
{
    public static IHostApplicationBuilder AddConsent(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConsentStore>();
        return builder;
    }

    public static RouteGroupBuilder MapConsent(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/candidates").WithTags("Candidates");

        group.MapPost("/{id:guid}/consent", RecordConsent)
            .WithName("RecordConsent")
            .WithSummary("Record the candidate's consent to an X lookup, or its withdrawal")
            .WithDescription("""
                X's developer policy requires the candidate's express opt-in before their X account is linked to
                their application, so the service fetches nothing from X without a current grant. Each call adds
                a row to the candidate's consent history; the newest row is the current consent. A withdrawal
                (`granted: false`) stops every pending lookup of the candidate at once: their assessments become
                `failed` with reason code `NO_CONSENT_FOR_LOOKUP`, and X is not called for them.
                """)
            .Accepts<ConsentRequest>("application/json")
            .WithValidation<ConsentRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        return group;
    }

    internal static async Task<Results<Ok<ConsentResponse>, ProblemHttpResult>> RecordConsent(
        Guid id, ConsentRequest request, ClaimsPrincipal user, NpgsqlDataSource dataSource, ConsentStore consents, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var recorded = await consents.RecordAsync(connection, transaction, user.TenantId(), id, request, clock.GetUtcNow(), ct);
        if (recorded is null)
        {
            return Problems.NotFound("candidate", id);
        }

        await transaction.CommitAsync(ct);
        return TypedResults.Ok(recorded);
    }
}
