using Dapper;
using FluentValidation;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Policies;

namespace RecruitSignal.Rescoring;

public enum RescoringJobStatus { Queued, Running, Completed }

/// <param name="PolicyVersion">The policy to rescore with; by default the tenant's active one.</param>
public sealed record RescoreRequest(string? PolicyVersion);

public sealed class RescoreRequestValidator : AbstractValidator<RescoreRequest>
{
    public RescoreRequestValidator()
    {
        RuleFor(x => x.PolicyVersion).MaximumLength(PolicyValidator.MaxVersionLength);
    }
}

/// <summary>A bulk rescoring of a tenant's candidates: each candidate's latest assessment is rescored into a new one.</summary>
/// <param name="Total">Candidates the tenant had when the job was created.</param>
/// <param name="Processed">Candidates rescored so far (erased or new candidates can make <c>processed + skipped</c> differ from <c>total</c> at the end).</param>
/// <param name="Skipped">Candidates left out because their latest assessment still waits for its X lookup (<c>pending</c> or <c>budget_exhausted</c>): the lookup scores it when it finishes; or because it was of X alone and the job's policy reads several networks.</param>
public sealed record RescoringJobResponse(
    Guid Id, string PolicyVersion, RescoringJobStatus Status, int Total, int Processed, int Skipped,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt);

public sealed class RescoringJobs(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock)
{
    private const string CreateSql = $"""
        insert into rescoring_jobs (tenant_id, id, policy_version, status, total, api_key_id, created_at, updated_at)
        select @tenantId, @id, @policyVersion, 'queued', count(*), @apiKeyId, @now, @now
        from candidates where tenant_id = @tenantId
        returning {RescoringJobRow.Columns}
        """;

    private const string ByIdSql = $"""
        select {RescoringJobRow.Columns} from rescoring_jobs
        where tenant_id = @tenantId and id = @id
        """;

    public async Task<RescoringJobResponse> CreateAsync(Guid tenantId, Guid? apiKeyId, string policyVersion, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = Guid.CreateVersion7();
        var row = await connection.QuerySingleAsync<RescoringJobRow>(new CommandDefinition(
            CreateSql, new { tenantId, id, policyVersion, apiKeyId, now = clock.GetUtcNow() }, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, AuditEvent.Of(AuditAction.RescoringJobStarted, AuditTarget.RescoringJob, id), ct);
        await transaction.CommitAsync(ct);
        return row.ToResponse();
    }

    public async Task<RescoringJobResponse?> FindAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<RescoringJobRow>(new CommandDefinition(ByIdSql, new { tenantId, id }, cancellationToken: ct));
        return row?.ToResponse();
    }
}

internal sealed record RescoringJobRow
{
    public const string Columns = "tenant_id, id, policy_version, status, total, processed, skipped, last_candidate_id, api_key_id, created_at, updated_at, completed_at";

    public Guid TenantId { get; init; }
    public Guid Id { get; init; }
    public required string PolicyVersion { get; init; }
    public required string Status { get; init; }
    public int Total { get; init; }
    public int Processed { get; init; }
    public int Skipped { get; init; }
    public Guid? LastCandidateId { get; init; }
    public Guid? ApiKeyId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? CompletedAt { get; init; }

    public RescoringJobResponse ToResponse() => new(
        Id, PolicyVersion, WireName.Parse<RescoringJobStatus>(Status), Total, Processed, Skipped,
        Utc(CreatedAt), Utc(UpdatedAt), CompletedAt is { } done ? Utc(done) : null);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
