using System.ComponentModel;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Database;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Candidates;

/// <summary>Filters of <c>GET /v1/candidates</c>.</summary>
public sealed record CandidateFilter(
    [property: Description("Only the candidate with this ATS id (a page of zero or one).")] string? ExternalId,
    [property: Description("Only candidates first seen after this instant.")] DateTimeOffset? CreatedAfter,
    [property: Description("Only candidates whose profile was last sent after this instant.")] DateTimeOffset? UpdatedAfter,
    [property: Description("Page size, 1 to 200 (default 50).")] int? Limit,
    [property: Description("The `next` of the previous page; omit for the first page.")] string? Cursor)
{
    public string Scope => $"candidates?externalId={ExternalId}&createdAfter={CreatedAfter?.UtcTicks}&updatedAfter={UpdatedAfter?.UtcTicks}";
}

public static class CandidateListing
{
    // Keyset on (created_at, id), newest first, like the assessments listing (candidates_created_idx).
    // created_at never changes, so a candidate updated while a client pages is neither skipped nor repeated.
    private const string ListSql = $"""
        select {CandidateRow.Columns} from candidates
        where tenant_id = @tenantId
          and (@afterCreated::timestamptz is null or (created_at, id) < (@afterCreated, @afterId))
          and (@externalId::text is null or external_id = @externalId)
          and (@createdAfter::timestamptz is null or created_at > @createdAfter)
          and (@updatedAfter::timestamptz is null or updated_at > @updatedAfter)
        order by created_at desc, id desc
        limit @take
        """;

    private const string LatestSql = $"""
        select distinct on (a.candidate_id) {AssessmentRow.Columns}
        from {AssessmentRow.From}
        where a.tenant_id = @tenantId and a.candidate_id = any(@candidateIds)
        order by a.candidate_id, a.created_at desc, a.id desc
        """;

    public static RouteHandlerBuilder MapCandidateListing(this RouteGroupBuilder group) =>
        group.MapGet("/", ListCandidates)
            .WithName("ListCandidates")
            .WithSummary("List candidates, newest first, or find one by the ATS's id")
            .WithDescription("""
                Keyset-paged, newest first (by first screening, then id), each candidate with its latest assessment.
                `externalId` finds one candidate (a page of zero or one). Each page holds at most `limit` items and
                a `next` cursor while more remain; a cursor only works for the same tenant, listing and filters
                (anything else answers 400).
                """)
            .ProducesValidationProblem();

    internal static async Task<Results<Ok<CandidateList>, ValidationProblem>> ListCandidates(
        [AsParameters] CandidateFilter filter, ClaimsPrincipal user, ReadDataSource reads, Cursors cursors, CancellationToken ct)
    {
        var tenantId = user.TenantId();
        var errors = new Dictionary<string, string[]>();
        var (afterCreated, afterId) = Paging.ReadPosition(cursors, tenantId, filter.Scope, filter.Limit, filter.Cursor, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The request is not valid.");
        }

        var limit = filter.Limit ?? Paging.DefaultLimit;
        // A listing may come from a standby (ReadDataSource): it is never a read of the caller's own write.
        await using var connection = await reads.Source.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<CandidateRow>(new CommandDefinition(ListSql, new
        {
            tenantId, afterCreated, afterId, filter.ExternalId,
            createdAfter = filter.CreatedAfter?.UtcDateTime, updatedAfter = filter.UpdatedAfter?.UtcDateTime, take = limit + 1,
        }, cancellationToken: ct))).ToList();
        var (page, next) = Paging.Cut(cursors, rows, limit, tenantId, filter.Scope, r => (r.CreatedAt, r.Id));

        var latest = (await connection.QueryAsync<AssessmentRow>(new CommandDefinition(
                LatestSql, new { tenantId, candidateIds = page.Select(r => r.Id).ToArray() }, cancellationToken: ct)))
            .ToDictionary(a => a.CandidateId, a => a.ToResponse());
        return TypedResults.Ok(new CandidateList(page.ConvertAll(r => r.ToResponse(latest.GetValueOrDefault(r.Id))), next));
    }
}
