using Dapper;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Database;

namespace RecruitSignal.Candidates;

public sealed class CandidateQueries(NpgsqlDataSource dataSource, AssessmentQueries assessments)
{
    private const string ByIdSql = $"""
        select {CandidateRow.Columns} from candidates
        where tenant_id = @tenantId and id = @id
        """;

    private const string ByExternalIdSql = $"""
        select {CandidateRow.Columns} from candidates
        where tenant_id = @tenantId and external_id = @externalId
        """;

    private const string ExistsSql = "select exists (select 1 from candidates where tenant_id = @tenantId and id = @id)";

    public Task<CandidateResponse?> FindAsync(Guid tenantId, Guid id, CancellationToken ct) =>
        FindOneAsync(ByIdSql, new { tenantId, id }, tenantId, ct);

    public Task<CandidateResponse?> FindByExternalIdAsync(Guid tenantId, string externalId, CancellationToken ct) =>
        FindOneAsync(ByExternalIdSql, new { tenantId, externalId }, tenantId, ct);

    /// <summary>The candidate's assessments, newest first, or null when the candidate is not the tenant's.</summary>
    public Task<IReadOnlyList<AssessmentResponse>?> AssessmentsAsync(Guid tenantId, Guid id, int limit, CancellationToken ct) =>
        Transient.RetryAsync(dataSource, () => AssessmentsOnceAsync(tenantId, id, limit, ct), ct);

    private async Task<IReadOnlyList<AssessmentResponse>?> AssessmentsOnceAsync(Guid tenantId, Guid id, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, new { tenantId, id }, cancellationToken: ct)))
        {
            return null;
        }

        return await assessments.ForCandidateAsync(connection, tenantId, id, limit, ct);
    }

    private Task<CandidateResponse?> FindOneAsync(string sql, object parameters, Guid tenantId, CancellationToken ct) =>
        Transient.RetryAsync(dataSource, () => FindOneOnceAsync(sql, parameters, tenantId, ct), ct);

    private async Task<CandidateResponse?> FindOneOnceAsync(string sql, object parameters, Guid tenantId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<CandidateRow>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var latest = await assessments.ForCandidateAsync(connection, tenantId, row.Id, limit: 1, ct);
        return row.ToResponse(latest.Count > 0 ? latest[0] : null);
    }
}
