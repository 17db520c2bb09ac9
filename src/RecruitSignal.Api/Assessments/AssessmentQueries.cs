using Dapper;
using Npgsql;
using RecruitSignal.Database;

namespace RecruitSignal.Assessments;

/// <summary>Reads of stored assessments, always within one tenant.</summary>
public sealed class AssessmentQueries(NpgsqlDataSource dataSource, AssessmentNetworks networks)
{
    private const string ByIdSql = $"""
        select {AssessmentRow.Columns}
        from {AssessmentRow.From}
        where a.tenant_id = @tenantId and a.id = @id
        """;

    private const string ByCandidateSql = $"""
        select {AssessmentRow.Columns}
        from {AssessmentRow.From}
        where a.tenant_id = @tenantId and a.candidate_id = @candidateId
        order by a.created_at desc, a.id desc
        limit @limit
        """;

    public async Task<AssessmentResponse?> FindAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        return await Transient.RetryAsync(dataSource, async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var row = await connection.QuerySingleOrDefaultAsync<AssessmentRow>(new CommandDefinition(ByIdSql, new { tenantId, id }, cancellationToken: ct));
            return row is null ? null : await WithNetworksAsync(connection, null, tenantId, row, ct);
        }, ct);
    }

    /// <summary>The assessment as the transaction sees it, before or without a commit.</summary>
    public async Task<AssessmentResponse?> FindAsync(NpgsqlTransaction transaction, Guid tenantId, Guid id, CancellationToken ct)
    {
        var row = await transaction.Connection!.QuerySingleOrDefaultAsync<AssessmentRow>(
            new CommandDefinition(ByIdSql, new { tenantId, id }, transaction, cancellationToken: ct));
        return row is null ? null : await WithNetworksAsync(transaction.Connection!, transaction, tenantId, row, ct);
    }

    // Only a policy other than default@1 can have read several networks: default@1 reads cost no second query.
    private async Task<AssessmentResponse> WithNetworksAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, AssessmentRow row, CancellationToken ct)
    {
        var response = row.ToResponse();
        if (row.PolicyVersion == Scoring.ScoringPolicy.DefaultVersion)
        {
            return response;
        }

        var read = await networks.ForAssessmentAsync(connection, transaction, tenantId, row.Id, ct);
        return read.Count == 0 ? response : response with { Networks = read.Select(n => n.ToResponse()).ToList() };
    }

    /// <summary>The candidate's assessments, newest first.</summary>
    public async Task<IReadOnlyList<AssessmentResponse>> ForCandidateAsync(
        NpgsqlConnection connection, Guid tenantId, Guid candidateId, int limit, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<AssessmentRow>(new CommandDefinition(ByCandidateSql, new { tenantId, candidateId, limit }, cancellationToken: ct));
        return rows.Select(row => row.ToResponse()).ToList();
    }
}
