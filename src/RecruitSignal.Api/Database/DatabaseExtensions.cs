using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace RecruitSignal.Database;

public static partial class DatabaseExtensions
{
    /// <summary>The pool's size when the connection string sets none: 12 connections a core, at least 24.</summary>
    public static int DefaultMaximumPoolSize { get; } = Math.Max(24, Environment.ProcessorCount * 12);

    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        // Rows are read into PascalCase properties from snake_case columns.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, config) => options.ConnectionString ??= config.GetConnectionString("Postgres"))
            .ValidateDataAnnotations()
            .Validate(options => IsWellFormed(options.ConnectionString),
                "ConnectionStrings__Postgres is not a valid Npgsql connection string "
                + "(expected 'Host=...;Port=...;Database=...;Username=...;Password=...').")
            .ValidateOnStart();

        builder.Services.AddSingleton(services => Build(
            services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!, services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(services =>
        {
            var read = services.GetRequiredService<IConfiguration>().GetConnectionString("PostgresRead");
            if (string.IsNullOrWhiteSpace(read))
            {
                return new ReadDataSource(services.GetRequiredService<NpgsqlDataSource>(), owned: false);
            }

            // Among several hosts, a standby when one answers; a single host is simply used.
            var readSettings = new NpgsqlConnectionStringBuilder(read);
            if (readSettings.Host?.Contains(',', StringComparison.Ordinal) == true
                && !read.Contains("Target Session Attributes", StringComparison.OrdinalIgnoreCase))
            {
                read = new NpgsqlConnectionStringBuilder(read) { TargetSessionAttributes = "prefer-standby" }.ConnectionString;
            }

            return new ReadDataSource(Build(read, services.GetRequiredService<ILoggerFactory>()), owned: true);
        });
        builder.Services.AddSingleton<Migrations>();
        builder.Services.AddSingleton<Failover>();
        return builder;
    }

    private static NpgsqlDataSource Build(string connectionString, ILoggerFactory loggers)
    {
        var dataSource = new NpgsqlDataSourceBuilder(connectionString);
        var settings = dataSource.ConnectionStringBuilder;
        // The same few statements run all day: let Npgsql prepare them (as pgbench -M prepared does)
        // instead of PostgreSQL parsing and planning the screening statement on every request. And
        // skip DISCARD ALL on each return to the pool: the service sets no session state to discard.
        // Either can still be set in the connection string.
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            settings.MaxAutoPrepare = 64;
            settings.AutoPrepareMinUsages = 2;
        }

        // Npgsql's default pool of 100 is far more backends than a few cores can run: under an open-loop
        // burst on 2 cores, 61 of 100 backends were found waiting on PostgreSQL's lock manager at COMMIT
        // (each transaction touches more relations than its 16 fast-path lock slots), and p99 was 4.8 s
        // where a pool of 24 gives 61 ms. A pool of 12 connections a core keeps them running; the requests beyond it wait
        // in the pool, in order, instead of inside PostgreSQL.
        if (!MaximumPoolSizeKeyword().IsMatch(connectionString))
        {
            settings.MaxPoolSize = DefaultMaximumPoolSize;
        }

        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            settings.NoResetOnClose = true;
        }

        // GSS encryption is not used with this service's connection strings; trying it loads the Kerberos
        // library, which logs noise at start (or fails to load in images without it).
        if (!connectionString.Contains("Gss Encryption Mode", StringComparison.OrdinalIgnoreCase))
        {
            settings.GssEncryptionMode = GssEncryptionMode.Disable;
        }

        // With several hosts, Npgsql remembers which one is the primary for Host Recheck Seconds (10 by default);
        // after a failover that is how long it would keep away from the promoted node. Failover resets it on the
        // errors it sees; a short recheck covers the loops that see none.
        if (settings.Host?.Contains(',', StringComparison.Ordinal) == true
            && !connectionString.Contains("Host Recheck Seconds", StringComparison.OrdinalIgnoreCase))
        {
            settings.HostRecheckSeconds = 2;
        }

        dataSource.UseLoggerFactory(loggers);
        return dataSource.Build();
    }

    // Npgsql reads "Maximum Pool Size" and "MaxPoolSize" alike, in any case.
    [GeneratedRegex(@"max(imum)?\s*pool\s*size\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex MaximumPoolSizeKeyword();

    private static bool IsWellFormed(string? connectionString)
    {
        if (connectionString is null)
        {
            return true; // reported by the [Required] rule
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Applies pending migrations before the first request is served, unless turned off.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await app.Services.GetRequiredService<Migrations>().ApplyAsync(app.Lifetime.ApplicationStopping);
        }
    }
}
