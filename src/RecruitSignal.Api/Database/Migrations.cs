using System.Reflection;
using Dapper;
using Npgsql;

namespace RecruitSignal.Database;

/// <summary>
/// Applies the forward-only SQL files of db/migrations, in name order, each in its own transaction.
/// A session-level advisory lock makes replicas that start together take turns instead of colliding.
/// </summary>
public sealed partial class Migrations(NpgsqlDataSource dataSource, ILogger<Migrations> logger)
{
    // Any constant that no other application on the same database uses; this one spells "RcrtSgnl".
    private const long AdvisoryLockKey = 0x52637274_53676e6c;

    private const string CreateHistorySql = """
        create table if not exists schema_migrations (
            version     text        primary key,
            applied_at  timestamptz not null default now()
        )
        """;

    private const string AppliedSql = "select version from schema_migrations";

    private const string RecordSql = "insert into schema_migrations (version) values (@version)";

    private const string HistoryExistsSql = "select to_regclass('schema_migrations') is not null";

    private const string LatestAppliedSql = "select exists (select 1 from schema_migrations where version = @latest)";

    public static IReadOnlyList<(string Version, string Sql)> All { get; } = Load();

    public static string Latest => All[^1].Version;

    /// <summary>Applies what is pending and returns the versions applied now.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: ct));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(CreateHistorySql, cancellationToken: ct));
            var applied = (await connection.QueryAsync<string>(new CommandDefinition(AppliedSql, cancellationToken: ct))).ToHashSet();
            var appliedNow = new List<string>();
            foreach (var (version, sql) in All.Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(RecordSql, new { version }, transaction, cancellationToken: ct));
                await transaction.CommitAsync(ct);
                LogApplied(logger, version);
                appliedNow.Add(version);
            }

            return appliedNow;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@key)", new { key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    public async Task<bool> IsUpToDateAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(HistoryExistsSql, cancellationToken: ct))
            && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(LatestAppliedSql, new { latest = Latest }, cancellationToken: ct));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version}")]
    private static partial void LogApplied(ILogger logger, string version);

    private static List<(string, string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("migrations/", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return (Path.GetFileNameWithoutExtension(name["migrations/".Length..]), reader.ReadToEnd());
            })
            .ToList();
    }
}
