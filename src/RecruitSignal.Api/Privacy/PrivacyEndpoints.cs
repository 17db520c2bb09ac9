using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Privacy;

public static class PrivacyEndpoints
{
    private const string ByExternalIdSql = "select id from candidates where tenant_id = @tenantId and external_id = @externalId";

    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CandidateErasure>();
        builder.Services.AddSingleton<CandidateExporter>();
        return builder;
    }

    public static RouteGroupBuilder MapPrivacy(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/candidates").WithTags("Candidate rights");

        group.MapGet("/{id:guid}/export", Export)
            .WithName("ExportCandidate")
            .WithSummary("Export everything held about a candidate")
            .WithDescription("""
                The right of access: one JSON document with the candidate's profile, every evidence snapshot,
                every assessment, every review and objection, and the audit entries about them. Nothing of any
                other candidate. The export is itself recorded in the audit log.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{id:guid}", EraseById)
            .WithName("EraseCandidate")
            .WithSummary("Erase a candidate and everything held about them")
            .WithDescription("""
                The right to erasure: deletes the candidate with all observations, assessments, reviews and
                objections in one transaction, leaving only a tombstone (the service's random candidate id and the
                time) and an audit entry, neither holding personal data. Idempotent: 204 again for an id already
                erased; 404 only for an id this tenant never had.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/", EraseByExternalId)
            .WithName("EraseCandidateByExternalId")
            .WithSummary("Erase a candidate by the ATS's id")
            .WithDescription("""
                Same as `DELETE /v1/candidates/{id}`, found by `externalId`. Always 204: afterwards nothing is held
                under that external id, whether it was erased now, earlier, or never known (the external id itself is
                not kept, so the service cannot tell the last two apart).
                """)
            .ProducesValidationProblem();

        return group;
    }

    internal static async Task<Results<Ok<CandidateExport>, ProblemHttpResult>> Export(
        Guid id, ClaimsPrincipal user, CandidateExporter exporter, CancellationToken ct)
    {
        var export = await exporter.ExportAsync(user.TenantId(), user.ApiKeyId(), id, ct);
        return export is null ? Problems.NotFound("candidate", id) : TypedResults.Ok(export);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> EraseById(
        Guid id, ClaimsPrincipal user, CandidateErasure erasure, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var tenantId = user.TenantId();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var erased = await erasure.EraseAsync(connection, transaction, tenantId, id, ErasureReason.Request, user.ApiKeyId(), ct)
            || await CandidateErasure.WasErasedAsync(connection, transaction, tenantId, id, ct);
        await transaction.CommitAsync(ct);
        return erased ? TypedResults.NoContent() : Problems.NotFound("candidate", id);
    }

    internal static async Task<Results<NoContent, ValidationProblem>> EraseByExternalId(
        // Checked below, to answer with the field's name; [Required] puts it in the document.
        [Description("The ATS's id of the candidate to erase."), Required] string? externalId,
        ClaimsPrincipal user, CandidateErasure erasure, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(externalId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["externalId"] = ["'externalId' is required."] });
        }

        var tenantId = user.TenantId();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(ByExternalIdSql, new { tenantId, externalId }, transaction, cancellationToken: ct));
        if (id is { } candidateId)
        {
            await erasure.EraseAsync(connection, transaction, tenantId, candidateId, ErasureReason.Request, user.ApiKeyId(), ct);
        }

        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
