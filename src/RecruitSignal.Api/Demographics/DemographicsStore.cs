using Dapper;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Fairness;

namespace RecruitSignal.Demographics;

/// <summary>
/// The only code that writes or reads <c>candidate_demographics</c> row by row. The scoring path (screenings,
/// rescoring, lookups) has no reference to it: the categories can only reach the fairness figures, the candidate's
/// own export, and the erasure that deletes them.
/// </summary>
/// <summary>What a PUT came to: the categories saved, or the profile that refused them, or neither (no such candidate).</summary>
public sealed record DemographicsOutcome(DemographicsResponse? Saved, string? RefusedUnder);

public sealed class DemographicsStore(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock)
{
    // The candidate is locked, as an erasure locks it, so that categories are never written beside a half-erased candidate.
    private const string LockCandidateSql = "select id from candidates where tenant_id = @tenantId and id = @candidateId for update";

    // FOR SHARE: a change of profile (which drops what the new one may not collect) waits for this write to commit.
    private const string ProfileSql = $"select coalesce((select jurisdiction from tenant_settings where tenant_id = @tenantId for share), '{Jurisdictions.Default}')";

    private const string UpsertSql = """
        insert into candidate_demographics (tenant_id, candidate_id, sex, race_ethnicity, age_band, updated_at)
        values (@tenantId, @candidateId, @sex, @raceEthnicity, @ageBand, @now)
        on conflict (tenant_id, candidate_id) do update
            set sex = excluded.sex, race_ethnicity = excluded.race_ethnicity, age_band = excluded.age_band, updated_at = excluded.updated_at
        returning candidate_id, sex, race_ethnicity, age_band, updated_at
        """;

    private const string FindSql = """
        select candidate_id, sex, race_ethnicity, age_band, updated_at from candidate_demographics
        where tenant_id = @tenantId and candidate_id = @candidateId
        """;

    /// <summary>
    /// Replaces the candidate's categories (audited). Not found when the tenant holds no such candidate; refused, with the
    /// tenant's profile, when it sends race/ethnicity under a profile that does not collect it.
    /// </summary>
    public async Task<DemographicsOutcome> SetAsync(Guid tenantId, Guid candidateId, DemographicsRequest request, Guid? apiKeyId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var args = new { tenantId, candidateId, request.Sex, request.RaceEthnicity, request.AgeBand, now = clock.GetUtcNow() };
        if (await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(LockCandidateSql, args, transaction, cancellationToken: ct)) is null)
        {
            return new DemographicsOutcome(null, null);
        }

        var profile = await connection.ExecuteScalarAsync<string>(new CommandDefinition(ProfileSql, args, transaction, cancellationToken: ct));
        if (request.RaceEthnicity is not null && !Jurisdictions.CollectsRaceEthnicity(profile!))
        {
            return new DemographicsOutcome(null, profile);
        }

        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(UpsertSql, args, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, AuditEvent.Of(AuditAction.DemographicsRecorded, AuditTarget.Candidate, candidateId), ct);
        await transaction.CommitAsync(ct);
        return new DemographicsOutcome(row.ToResponse(), null);
    }

    /// <summary>The candidate's categories, in the caller's transaction (the export's snapshot).</summary>
    public static async Task<DemographicsResponse?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid candidateId, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(FindSql, new { tenantId, candidateId }, transaction, cancellationToken: ct)))?.ToResponse();

    private sealed record Row
    {
        public Guid CandidateId { get; init; }
        public string? Sex { get; init; }
        public string? RaceEthnicity { get; init; }
        public string? AgeBand { get; init; }
        public DateTime UpdatedAt { get; init; }

        public DemographicsResponse ToResponse() =>
            new(CandidateId, Sex, RaceEthnicity, AgeBand, new DateTimeOffset(DateTime.SpecifyKind(UpdatedAt, DateTimeKind.Utc)));
    }
}
