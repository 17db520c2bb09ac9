using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace RecruitSignal.Database;

public static class DatabaseExtensions
{
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

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString);
            var settings = dataSource.ConnectionStringBuilder;
            // The same few statements run all day: let Npgsql prepare them (as pgbench -M prepared does)
            // instead of PostgreSQL parsing and planning the screening statement on every request. And
            // skip DISCARD ALL on each return to the pool: the service sets no session state to discard.
            // Either can still be set in the connection string.
            if (!options.ConnectionString!.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
            {
                settings.MaxAutoPrepare = 64;
                settings.AutoPrepareMinUsages = 2;
            }

            if (!options.ConnectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
            {
                settings.NoResetOnClose = true;
            }

            // GSS encryption is not used with this service's connection strings; trying it loads the Kerberos
            // library, which logs noise at start (or fails to load in images without it).
            if (!options.ConnectionString.Contains("Gss Encryption Mode", StringComparison.OrdinalIgnoreCase))
            {
                settings.GssEncryptionMode = GssEncryptionMode.Disable;
            }

            // With several hosts, Npgsql remembers which one is the primary for Host Recheck Seconds (10 by default);
            // after a failover that is how long it would keep away from the promoted node. Failover resets it on the
            // errors it sees; a short recheck covers the loops that see none.
            if (settings.Host?.Contains(',', StringComparison.Ordinal) == true
                && !options.ConnectionString.Contains("Host Recheck Seconds", StringComparison.OrdinalIgnoreCase))
            {
                settings.HostRecheckSeconds = 2;
            }

            dataSource.UseLoggerFactory(services.GetRequiredService<ILoggerFactory>());
            return dataSource.Build();
        });
        builder.Services.AddSingleton<Migrations>();
        builder.Services.AddSingleton<Failover>();
        return builder;
    }

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
