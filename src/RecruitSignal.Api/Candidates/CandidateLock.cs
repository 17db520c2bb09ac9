using Dapper;
using Npgsql;

namespace RecruitSignal.Candidates;

/// <summary>
/// The one rule for writing a row that references a candidate another request may erase: take the candidate's
/// key-share lock FIRST, in the writer's transaction, and answer 404 when the candidate is gone. The erasure holds
/// FOR UPDATE on the candidate from its first statement, so a writer either waits for the erasure to commit and
/// then finds nothing (never a foreign-key violation), or holds the lock and makes the erasure wait until it
/// commits. Taking it before any other lock keeps every transaction's lock order the same, candidate first: no
/// deadlock with the erasure. Key share does not conflict with ordinary updates of the candidate row.
/// </summary>
public static class CandidateLock
{
    private const string ByIdSql = """
        select id from candidates where tenant_id = @tenantId and id = @candidateId
        for key share
        """;

    private const string ByAssessmentSql = """
        select c.id from assessments a
        join candidates c on c.tenant_id = a.tenant_id and c.id = a.candidate_id
        where a.tenant_id = @tenantId and a.id = @assessmentId
        for key share of c
        """;

    /// <summary>Locks the candidate; false when the tenant holds no such candidate (any more).</summary>
    public static async Task<bool> HoldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid candidateId, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(ByIdSql, new { tenantId, candidateId }, transaction, cancellationToken: ct)) is not null;

    /// <summary>Locks the candidate of an assessment; their id, or null when the assessment (or its candidate) is gone.</summary>
    public static Task<Guid?> HoldForAssessmentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid assessmentId, CancellationToken ct) =>
        connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(ByAssessmentSql, new { tenantId, assessmentId }, transaction, cancellationToken: ct));
}
