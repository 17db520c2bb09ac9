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
    public string Scope => $"candidates@position?externalId={ExternalId}&createdAfter={CreatedAfter?.UtcTicks}&updatedAfter={UpdatedAfter?.UtcTicks}";
}

public static class CandidateListing
{
    // Keyset on the commit position of the candidate's creation, newest first, like the assessments listing
    // (candidates_list_idx). It never changes, so a candidate updated while a client pages is neither skipped
    // nor repeated, and one committed late lands above the walk, not behind its cursor.
    private const string ListSql = $"""
        select {CandidateRow.Columns}, list_position from candidates
        where tenant_id = @tenantId and list_position is not null
          and (@afterPosition::bigint is null or list_position < @afterPosition)
          and (@externalId::text is null or external_id = @externalId)
          and (@createdAfter::timestamptz is null or created_at > @createdAfter)
          and (@updatedAfter::timestamptz is null or updated_at > @updatedAfter)
        order by list_position desc
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
                Keyset-paged, newest first (in the order their first screening was committed), each candidate with
                its latest assessment.
                `externalId` finds one candidate (a page of zero or one). Each page holds at most `limit` items and
                a `next` cursor while more remain; a cursor only works for the same tenant, listing and filters
                (anything else answers 400).
                """)
            .ProducesValidationProblem();

    internal static async Task<Results<Ok<CandidateList>, ValidationProblem>> ListCandidates(
        [AsParameters] CandidateFilter filter, ClaimsPrincipal user, ReadDataSource reads, Cursors cursors, AssessmentNetworks networks, CancellationToken ct)
    {
        var tenantId = user.TenantId();
        var errors = new Dictionary<string, string[]>();
        var afterPosition = Paging.ReadListPosition(cursors, tenantId, filter.Scope, filter.Limit, filter.Cursor, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The request is not valid.");
        }

        var limit = filter.Limit ?? Paging.DefaultLimit;
        // A listing may come from a standby (ReadDataSource): it is never a read of the caller's own write.
        await using var connection = await reads.Source.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<CandidateRow>(new CommandDefinition(ListSql, new
        {
            tenantId, afterPosition, filter.ExternalId,
            createdAfter = filter.CreatedAfter?.UtcDateTime, updatedAfter = filter.UpdatedAfter?.UtcDateTime, take = limit + 1,
        }, cancellationToken: ct))).ToList();
        var (page, next) = Paging.CutByListPosition(cursors, rows, limit, tenantId, filter.Scope, r => (r.ListPosition!.Value, r.Id));

        var latestRows = await connection.QueryAsync<AssessmentRow>(new CommandDefinition(
            LatestSql, new { tenantId, candidateIds = page.Select(r => r.Id).ToArray() }, cancellationToken: ct));
        var latest = (await networks.AnswerAsync(connection, null, tenantId, [.. latestRows.Select(a => a.ToResponse())], ct)).ToDictionary(a => a.CandidateId);
        return TypedResults.Ok(new CandidateList(page.ConvertAll(r => r.ToResponse(latest.GetValueOrDefault(r.Id))), next));
    }
}
