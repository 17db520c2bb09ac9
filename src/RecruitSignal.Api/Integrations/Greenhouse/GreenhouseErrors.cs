using System.ComponentModel;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Integrations.Greenhouse;

/// <summary>One answer of ours that Greenhouse reported as malformed (its <c>response_error</c> call), without the candidate's email.</summary>
/// <param name="ApiCall">The call whose answer Greenhouse could not use: list_tests, send_test or test_status.</param>
/// <param name="Errors">What Greenhouse found wrong, as it wrote it (the candidate's email, if it appeared, is replaced).</param>
public sealed record GreenhouseResponseError(
    Guid Id, string ApiCall, IReadOnlyList<string> Errors, string? PartnerTestId, string? PartnerTestName, string? PartnerInterviewId, DateTimeOffset ReceivedAt);

public sealed record GreenhouseResponseErrorList(IReadOnlyList<GreenhouseResponseError> Items, string? Next);

/// <summary>Filters of <c>GET /v1/integrations/greenhouse/errors</c>.</summary>
public sealed record GreenhouseErrorFilter(
    [property: Description("Page size, 1 to 200 (default 50).")] int? Limit,
    [property: Description("The `next` of the previous page; omit for the first page.")] string? Cursor)
{
    public const string Scope = "greenhouse-errors";
}

/// <summary>Keeps what Greenhouse reports, for the tenant to read, and logs it without the candidate's email.</summary>
public sealed partial class GreenhouseErrors(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<GreenhouseErrors> logger)
{
    private const string Removed = "[candidate email]";

    private const string InsertSql = """
        insert into greenhouse_response_errors (tenant_id, id, api_call, errors, partner_test_id, partner_test_name, partner_interview_id, created_at)
        values (@tenantId, @id, @ApiCall, @Errors, @PartnerTestId, @PartnerTestName, @PartnerInterviewId, @now)
        """;

    private const string ListSql = """
        select id, api_call, errors, partner_test_id, partner_test_name, partner_interview_id, created_at
        from greenhouse_response_errors
        where tenant_id = @tenantId and (@afterCreated::timestamptz is null or (created_at, id) < (@afterCreated, @afterId))
        order by created_at desc, id desc
        limit @take
        """;

    public async Task RecordAsync(Guid tenantId, ResponseErrorRequest request, CancellationToken ct)
    {
        var errors = request.Errors!.Select(e => Scrub(e!, request.CandidateEmail)).ToArray();
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            tenantId, id = Guid.CreateVersion7(now), request.ApiCall, Errors = errors, request.PartnerTestId,
            PartnerTestName = request.PartnerTestName is null ? null : Scrub(request.PartnerTestName, request.CandidateEmail),
            request.PartnerInterviewId, now,
        }, cancellationToken: ct));
        var summary = string.Join(" | ", errors);
        LogReported(logger, request.ApiCall!, request.PartnerInterviewId, request.PartnerTestId, summary.Length <= 500 ? summary : summary[..500]);
    }

    internal static async Task<Results<Ok<GreenhouseResponseErrorList>, ValidationProblem>> ListAsync(
        [AsParameters] GreenhouseErrorFilter filter, ClaimsPrincipal user, NpgsqlDataSource dataSource, Cursors cursors, CancellationToken ct)
    {
        var tenantId = user.TenantId();
        var errors = new Dictionary<string, string[]>();
        var (afterCreated, afterId) = Paging.ReadPosition(cursors, tenantId, GreenhouseErrorFilter.Scope, filter.Limit, filter.Cursor, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The request is not valid.");
        }

        var limit = filter.Limit ?? Paging.DefaultLimit;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(ListSql, new { tenantId, afterCreated, afterId, take = limit + 1 }, cancellationToken: ct))).ToList();
        var (page, next) = Paging.Cut(cursors, rows, limit, tenantId, GreenhouseErrorFilter.Scope, r => (r.CreatedAt, r.Id));
        return TypedResults.Ok(new GreenhouseResponseErrorList(page.ConvertAll(r => r.ToResponse()), next));
    }

    private static string Scrub(string text, string? email) =>
        string.IsNullOrWhiteSpace(email) ? text : text.Replace(email.Trim(), Removed, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Greenhouse reported a malformed answer to {ApiCall} (interview {PartnerInterviewId}, test {PartnerTestId}): {Errors}")]
    private static partial void LogReported(ILogger logger, string apiCall, string? partnerInterviewId, string? partnerTestId, string errors);

    private sealed record Row
    {
        public Guid Id { get; init; }
        public required string ApiCall { get; init; }
        public required string[] Errors { get; init; }
        public string? PartnerTestId { get; init; }
        public string? PartnerTestName { get; init; }
        public string? PartnerInterviewId { get; init; }
        public DateTime CreatedAt { get; init; }

        public GreenhouseResponseError ToResponse() => new(
            Id, ApiCall, Errors, PartnerTestId, PartnerTestName, PartnerInterviewId, new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)));
    }
}
