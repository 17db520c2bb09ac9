using System.ComponentModel;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.ApiDocs;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Changes;

/// <summary>
/// <c>GET /v1/changes</c>: the way an ATS keeps in sync. Positions come from db/migrations/0072_changes.sql: the
/// tenant's counter is taken at COMMIT and held until the transaction ends, so once a position is visible every
/// lower one is too, and a plain "position greater than after" never steps over a change still to commit.
/// </summary>
public static class ChangeEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private const string ChangesSql = """
        select position, type, entity_id as id, at from changes
        where tenant_id = @tenantId and position > @after
        order by position
        limit @limit
        """;

    public static IHostApplicationBuilder AddChanges(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", AddExamples);
        return builder;
    }

    public static RouteGroupBuilder MapChanges(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/changes").WithTags("Changes");
        group.MapGet("/", ListChanges)
            .WithName("ListChanges")
            .WithSummary("Keep in sync: every change after a position, in commit order")
            .WithDescription("""
                Each assessment or candidate created or changed (an X lookup finishing, a new screening of a known
                candidate, a rescore's new assessment) and each candidate erased, oldest first, after `after`
                (default 0: from the start). Call again with `after` = `next`, as often as you like: you get every
                change exactly once, in commit order. A position is returned only once every lower position is
                visible, so a change still committing is never stepped over. Positions grow but may skip numbers
                (an erasure removes the candidate's earlier changes and leaves one that says it is gone).
                """)
            .ProducesValidationProblem();
        return group;
    }

    private static void AddExamples(Microsoft.AspNetCore.OpenApi.OpenApiOptions options) => ExampleSchemas.Add(options, new Dictionary<Type, object>
    {
        [typeof(ChangeFeed)] = new ChangeFeed(
            [
                new Change(41, ChangeType.Candidate, Examples.Assessment.CandidateId, Examples.Assessment.CreatedAt),
                new Change(42, ChangeType.Assessment, Examples.Assessment.Id, Examples.Assessment.CreatedAt),
            ],
            42),
    });

    internal static async Task<Results<Ok<ChangeFeed>, ValidationProblem>> ListChanges(
        [Description("The `next` of the previous call; 0 (the default) starts from the first change.")] long? after,
        [Description("How many changes at most, 1 to 1000 (default 100).")] int? limit,
        ClaimsPrincipal user, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (after is < 0)
        {
            errors["after"] = ["'after' is a position, 0 or more."];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"'limit' is from 1 to {MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The request is not valid.");
        }

        var from = after ?? 0;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<ChangeRow>(new CommandDefinition(
            ChangesSql, new { tenantId = user.TenantId(), after = from, limit = limit ?? DefaultLimit }, cancellationToken: ct))).ToList();
        var items = rows.ConvertAll(row => row.ToChange());
        return TypedResults.Ok(new ChangeFeed(items, items.Count > 0 ? items[^1].Position : from));
    }

    private sealed record ChangeRow
    {
        public long Position { get; init; }
        public required string Type { get; init; }
        public Guid Id { get; init; }
        public DateTime At { get; init; }

        public Change ToChange() => new(Position, WireName.Parse<ChangeType>(Type), Id, new DateTimeOffset(DateTime.SpecifyKind(At, DateTimeKind.Utc)));
    }
}
