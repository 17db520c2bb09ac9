using System.Text.Json.Serialization;
using Npgsql;
using RecruitSignal.Bare;

// The bare service of shared/perf-ceiling.md, for bench/run.sh: a minimal API and Npgsql, nothing else (no
// validation, no authentication, no scoring, no audit or outbox logic in process), answering POST /v1/screenings
// with the statements of bench/pgbench/screening.sql, sent as the service sends its own: BEGIN, one batch, COMMIT.
// Its p99 under the same open-loop load, at the same share of its own saturation, is what the service's is read against.
//   dotnet RecruitSignal.Bare.dll --urls URL   (env: ConnectionStrings__Postgres, BARE_TENANT, BARE_SCRIPT)
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BareJson.Default));
var connection = new NpgsqlConnectionStringBuilder(builder.Configuration.GetConnectionString("Postgres"))
{
    MaxAutoPrepare = 64, AutoPrepareMinUsages = 2, NoResetOnClose = true, GssEncryptionMode = GssEncryptionMode.Disable,
    // The service's own default pool (Database/DatabaseExtensions.cs): with Npgsql's 100 the bare service's backends
    // queued on PostgreSQL's lock manager at 50 % of its saturation and its p99 reached seconds.
    MaxPoolSize = Math.Max(24, Environment.ProcessorCount * 12),
};
await using var dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
var tenant = Guid.Parse(Environment.GetEnvironmentVariable("BARE_TENANT") ?? throw new InvalidOperationException("BARE_TENANT is required"));
var statements = PgbenchScript.Statements(File.ReadAllText(Environment.GetEnvironmentVariable("BARE_SCRIPT") ?? "bench/pgbench/screening.sql"));

var app = builder.Build();
app.MapPost("/v1/screenings", async (BareScreening body, CancellationToken ct) =>
{
    var id = Guid.CreateVersion7();
    await using var conn = await dataSource.OpenConnectionAsync(ct);
    await using var tx = await conn.BeginTransactionAsync(ct);
    await using var batch = new NpgsqlBatch(conn, tx);
    foreach (var sql in statements)
    {
        batch.BatchCommands.Add(new NpgsqlBatchCommand(sql)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("tenant", tenant),
                new NpgsqlParameter<long>("n", Random.Shared.NextInt64(1, 2_000_000_000)),
                new NpgsqlParameter<int>("posts", body.Evidence?.OriginalPosts ?? 0),
            },
        });
    }

    var candidateId = (Guid)(await batch.ExecuteScalarAsync(ct))!;
    await tx.CommitAsync(ct);
    return Results.Created($"/v1/assessments/{id}", new BareAnswer(id, candidateId));
});
app.Run();

namespace RecruitSignal.Bare
{
    internal sealed record BareScreening(BareEvidence? Evidence);

    internal sealed record BareEvidence(int? OriginalPosts);

    internal sealed record BareAnswer(Guid Id, Guid CandidateId);

    [JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(BareScreening))]
    [JsonSerializable(typeof(BareAnswer))]
    internal sealed partial class BareJson : JsonSerializerContext;

    /// <summary>The SQL statements of a pgbench script, its :variables as Npgsql parameters, without \set, BEGIN or END.</summary>
    internal static class PgbenchScript
    {
        public static string[] Statements(string script)
        {
            var lines = script.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal) && !l.StartsWith('\\'));
            return string.Join('\n', lines)
                .Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => s.TrimEnd(';'))
                .Where(s => s.Length > 0 && s is not ("begin" or "end"))
                .Select(s => System.Text.RegularExpressions.Regex.Replace(s, @"(?<!:):(tenant|n|posts)\b", "@$1"))
                .ToArray();
        }
    }
}
