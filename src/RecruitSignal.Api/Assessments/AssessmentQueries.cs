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

    private async Task<AssessmentResponse> WithNetworksAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, AssessmentRow row, CancellationToken ct) =>
        (await networks.AnswerAsync(connection, transaction, tenantId, [row.ToResponse()], ct))[0];

    /// <summary>The candidate's assessments, newest first.</summary>
    public async Task<IReadOnlyList<AssessmentResponse>> ForCandidateAsync(
        NpgsqlConnection connection, Guid tenantId, Guid candidateId, int limit, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<AssessmentRow>(new CommandDefinition(ByCandidateSql, new { tenantId, candidateId, limit }, cancellationToken: ct));
        return await networks.AnswerAsync(connection, null, tenantId, [.. rows.Select(row => row.ToResponse())], ct);
    }
}
