using Dapper;
using Npgsql;

namespace RecruitSignal.Tests.Fairness;

/// <summary>One synthetic candidate: their latest assessment's score and headline, and the categories they gave.</summary>
public sealed record Person(int? Score, bool Active, string? Sex = null, string? Race = null, string? Age = null);

/// <summary>
/// Writes a synthetic population straight into a tenant's tables, so that the figures it must give are known in
/// advance: one candidate and one assessment each (at <see cref="AssessedAt"/>, policy default@1), and their categories.
/// </summary>
public static class Population
{
    public static readonly DateTimeOffset AssessedAt = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private const string CandidateSql = """
        insert into candidates (tenant_id, id, external_id, created_at, updated_at) values (@tenantId, @candidateId, @externalId, @at, @at)
        on conflict (tenant_id, external_id) do nothing
        """;

    private const string AssessmentSql = """
        insert into assessments (tenant_id, id, candidate_id, policy_version, status, presence_tier, active_professional_presence, score, band,
            factors, reason_codes, relevance_terms, assessed_at, created_at)
        values (@tenantId, @id, @candidateId, @policyVersion, 'completed', case when @score::int is null then 'unverified' else 'publisher' end,
            @active, @score, case when @score::int is null then 'unknown' when @score = 0 then 'none' else 'weak' end, '[]', '{}', '{}', @at, @at)
        """;

    private const string DemographicsSql = """
        insert into candidate_demographics (tenant_id, candidate_id, sex, race_ethnicity, age_band, updated_at)
        values (@tenantId, @candidateId, @sex, @race, @age, @at)
        """;

    /// <summary>Adds the people as new candidates; returns their ids in order.</summary>
    public static async Task<IReadOnlyList<Guid>> AddAsync(string connectionString, Guid tenantId, IEnumerable<Person> people)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var ids = new List<Guid>();
        foreach (var person in people)
        {
            var candidateId = Guid.CreateVersion7();
            ids.Add(candidateId);
            await connection.ExecuteAsync(CandidateSql, new { tenantId, candidateId, externalId = candidateId.ToString(), at = AssessedAt }, transaction);
            await AssessAsync(connection, transaction, tenantId, candidateId, person.Score, person.Active, AssessedAt);
            if (person.Sex is not null || person.Race is not null || person.Age is not null)
            {
                await connection.ExecuteAsync(DemographicsSql, new { tenantId, candidateId, sex = person.Sex, race = person.Race, age = person.Age, at = AssessedAt }, transaction);
            }
        }

        await transaction.CommitAsync();
        return ids;
    }

    /// <summary>Another assessment of a candidate already there.</summary>
    public static async Task AssessAsync(string connectionString, Guid tenantId, Guid candidateId, int? score, bool active, DateTimeOffset at, string policyVersion = "default@1")
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await AssessAsync(connection, transaction, tenantId, candidateId, score, active, at, policyVersion);
        await transaction.CommitAsync();
    }

    private static Task<int> AssessAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid candidateId, int? score, bool active, DateTimeOffset at, string policyVersion = "default@1") =>
        connection.ExecuteAsync(AssessmentSql, new { tenantId, id = Guid.CreateVersion7(), candidateId, policyVersion, score, active, at }, transaction);

    /// <summary><paramref name="count"/> people alike.</summary>
    public static IEnumerable<Person> Times(this Person person, int count) => Enumerable.Repeat(person, count);
}
