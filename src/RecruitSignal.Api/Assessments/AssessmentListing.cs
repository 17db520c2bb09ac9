using System.ComponentModel;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.ApiDocs;
using RecruitSignal.Database;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;
using RecruitSignal.Tenants;

namespace RecruitSignal.Assessments;

/// <summary>Filters of <c>GET /v1/assessments</c>.</summary>
public sealed record AssessmentFilter(
    [property: Description("Only this band: strong, moderate, weak, none or unknown."), WireValues(typeof(Band))] string? Band,
    [property: Description("Only this presence tier: absent, unverified, passive, relayer, publisher or engaged."), WireValues(typeof(PresenceTier))] string? Presence,
    [property: Description("Only assessments whose activeProfessionalPresence is this.")] bool? Active,
    [property: Description("Only assessments created after this instant.")] DateTimeOffset? CreatedAfter,
    [property: Description("Only assessments of the candidate with this ATS id.")] string? ExternalId,
    [property: Description("Page size, 1 to 200 (default 50).")] int? Limit,
    [property: Description("The `next` of the previous page; omit for the first page.")] string? Cursor)
{
    // "@position": cursors of the created_at order that came before are refused, not misread.
    public string Scope => $"assessments@position?band={Band}&presence={Presence}&active={Active}&createdAfter={CreatedAfter?.UtcTicks}&externalId={ExternalId}";
}

/// <summary>A page of assessments, newest first.</summary>
/// <param name="Next">Pass it as <c>cursor</c> to get the next page; null on the last page.</param>
public sealed record AssessmentPage(IReadOnlyList<AssessmentResponse> Items, string? Next);

public static class AssessmentListing
{
    // Keyset paging on the commit position, newest first: the index assessments_list_idx starts the scan
    // right after the cursor, so page 1,000 costs what page 1 does. A row committed while a client pages
    // (even one whose request started long before) gets a position above all others: it never lands behind
    // the cursor, where the walk would miss it, nor shifts what it has yet to read.
    private const string ListSql = $"""
        select {AssessmentRow.Columns}, a.list_position
        from {AssessmentRow.From}
        where a.tenant_id = @tenantId and a.list_position is not null
          and (@afterPosition::bigint is null or a.list_position < @afterPosition)
          and (@band::text is null or a.band = @band)
          and (@presence::text is null or a.presence_tier = @presence)
          and (@active::boolean is null or a.active_professional_presence = @active)
          and (@createdAfter::timestamptz is null or a.created_at > @createdAfter)
          and (@externalId::text is null or c.external_id = @externalId)
        order by a.list_position desc
        limit @take
        """;

    public static RouteHandlerBuilder MapAssessmentListing(this RouteGroupBuilder group) =>
        group.MapGet("/", ListAssessments)
            .WithName("ListAssessments")
            .WithSummary("List assessments, newest first")
            .WithDescription("""
                Keyset-paged, newest first (in the order their creation was committed). Filters combine. Each page
                holds at most `limit` items and a `next` cursor while more remain; a cursor is opaque and only valid
                for the same tenant, listing and filters (anything else answers 400). Assessments committed while
                you page come before your first page: they never land in or behind the pages still to come. To
                keep an ATS in sync, follow `GET /v1/changes` rather than `createdAfter` (a creation time is when
                the request started, not when it was committed).
                """)
            .ProducesValidationProblem();

    internal static async Task<Results<Ok<AssessmentPage>, ValidationProblem>> ListAssessments(
        [AsParameters] AssessmentFilter filter, ClaimsPrincipal user, ReadDataSource reads, Cursors cursors, AssessmentNetworks networks, CancellationToken ct)
    {
        var tenantId = user.TenantId();
        var errors = new Dictionary<string, string[]>();
        if (filter.Band is not null && !WireName.TryParse<Band>(filter.Band, out _))
        {
            errors["band"] = [$"'band' is one of: {string.Join(", ", WireName.All<Band>())}."];
        }

        if (filter.Presence is not null && !WireName.TryParse<PresenceTier>(filter.Presence, out _))
        {
            errors["presence"] = [$"'presence' is one of: {string.Join(", ", WireName.All<PresenceTier>())}."];
        }

        var afterPosition = Paging.ReadListPosition(cursors, tenantId, filter.Scope, filter.Limit, filter.Cursor, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The request is not valid.");
        }

        var limit = filter.Limit ?? Paging.DefaultLimit;
        // A listing may come from a standby (ReadDataSource): it is never a read of the caller's own write.
        await using var connection = await reads.Source.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<AssessmentRow>(new CommandDefinition(ListSql, new
        {
            tenantId, afterPosition, filter.Band, filter.Presence, filter.Active,
            createdAfter = filter.CreatedAfter?.UtcDateTime, filter.ExternalId, take = limit + 1,
        }, cancellationToken: ct))).ToList();
        var (page, next) = Paging.CutByListPosition(cursors, rows, limit, tenantId, filter.Scope, r => (r.ListPosition!.Value, r.Id));
        var items = await networks.AnswerAsync(connection, null, tenantId, page.ConvertAll(r => r.ToResponse()), ct);
        return TypedResults.Ok(new AssessmentPage(items, next));
    }
}
