using Dapper;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Candidates;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;

namespace RecruitSignal.Reviews;

/// <summary>Review decisions and objections, appended to an assessment's history; nothing is ever updated.</summary>
public sealed class ReviewStore(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock)
{
    private const string InsertSql = """
        insert into assessment_reviews (tenant_id, id, assessment_id, candidate_id, decision, reviewer, note, override_band, api_key_id, created_at)
        select a.tenant_id, @id, a.id, a.candidate_id, @decision, @reviewer, @note, @overrideBand, @apiKeyId, @now
        from assessments a
        where a.tenant_id = @tenantId and a.id = @assessmentId
        """;

    private const string HistorySql = $"""
        select {ReviewRow.Columns} from assessment_reviews
        where tenant_id = @tenantId and assessment_id = @assessmentId
        order by created_at desc, id desc
        """;

    /// <summary>Appends a review (or, with a null reviewer, a contest); false when the assessment is not the tenant's.</summary>
    public async Task<bool> AddAsync(
        Guid tenantId, Guid? apiKeyId, Guid assessmentId, ReviewState decision, string? reviewer, string? note, Band? overrideBand, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await CandidateLock.HoldForAssessmentAsync(connection, transaction, tenantId, assessmentId, ct) is null)
        {
            return false;
        }

        var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            tenantId,
            assessmentId,
            id = Guid.CreateVersion7(),
            decision = WireName.Of(decision),
            reviewer,
            note,
            overrideBand = overrideBand is { } band ? WireName.Of(band) : null,
            apiKeyId,
            now = clock.GetUtcNow(),
        }, transaction, cancellationToken: ct));
        if (inserted == 0)
        {
            return false;
        }

        var action = decision == ReviewState.Contested ? AuditAction.AssessmentContested : AuditAction.AssessmentReviewed;
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, AuditEvent.Of(action, AuditTarget.Assessment, assessmentId), ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<Review>> HistoryAsync(Guid tenantId, Guid assessmentId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ReviewRow>(new CommandDefinition(HistorySql, new { tenantId, assessmentId }, cancellationToken: ct));
        return rows.Select(row => row.ToReview()).ToList();
    }
}

internal sealed record ReviewRow
{
    public const string Columns = "id, assessment_id, decision, reviewer, note, override_band, created_at";

    public Guid Id { get; init; }
    public Guid AssessmentId { get; init; }
    public required string Decision { get; init; }
    public string? Reviewer { get; init; }
    public string? Note { get; init; }
    public string? OverrideBand { get; init; }
    public DateTime CreatedAt { get; init; }

    public Review ToReview() => new(
        Id,
        WireName.Parse<ReviewState>(Decision),
        Reviewer,
        Note,
        OverrideBand is null ? null : WireName.Parse<Band>(OverrideBand),
        new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)));
}
