using System.Net.Sockets;
using System.Reflection;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Database;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal;

/// <summary>
/// The service's command line. Without a command it serves HTTP; a command runs instead and exits.
/// Exit codes: 0 done, 1 failed (a wrong or missing setting, the database out of reach, a refused
/// operation), 2 the command line itself is wrong (the usage is printed).
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: RecruitSignal.Api [command] [options]

        Without a command the service starts (--urls http://127.0.0.1:5080 to choose where it listens).

        Commands:
          migrate                                          apply pending database migrations
          tenants create --name NAME                       create a tenant and print its first API key once (every scope)
          tenants list                                     list tenants with their number of active keys
          tenants rename --tenant TENANT --name NAME       rename a tenant (names are unique, ignoring case)
          keys create --tenant TENANT [--name NAME] [--scopes screenings,read,admin,greenhouse] [--expires-in 90d]
                                                           create an API key and print it once
          keys list --tenant TENANT                        list the tenant's keys: name, prefix, scopes, expiry, last use
          keys revoke --tenant TENANT --key KEY            revoke a key now (KEY is its id or its prefix)
          keys rotate --tenant TENANT --key KEY [--overlap 24h]
                                                           create a key with the same name and scopes; the old one
                                                           keeps working for the overlap, then expires
          audit verify [--tenant TENANT]                   check the audit log's hash chains; exit 1 at a broken link
          version                                          print the version and the newest migration
          help                                             print this text

        TENANT is a tenant's id or its name. Durations: 30m, 24h, 90d (or 1.00:00:00).
        Configuration comes from the environment: ConnectionStrings__Postgres is required.
        """;

    private static readonly string[] Commands = ["migrate", "tenants", "keys", "audit"];

    /// <summary>Help and version: printed before any configuration is read, so they work anywhere.</summary>
    public static Func<int>? Informational(string[] args) => args switch
    {
        ["--help" or "-h" or "help" or "-?", ..] => () => Print(Console.Out, Usage, 0),
        ["--version" or "version", ..] => () => Print(Console.Out, $"RecruitSignal {Version} (database schema {Migrations.Latest})", 0),
        [var first, ..] when IsCommandWord(first) && !Commands.Contains(first) =>
            () => Print(Console.Error, $"Unknown command '{first}'.{Environment.NewLine}{Environment.NewLine}{Usage}", 2),
        _ => null,
    };

    /// <summary>
    /// A setting of the wrong type, found before any option is read: one line and exit code 1, for the service and
    /// every command alike. Hosted by the tests' WebApplicationFactory, the line is thrown instead.
    /// </summary>
    public static int? RefuseWrongTypedSettings(IConfiguration configuration)
    {
        if ((SettingTypes.Problem(configuration) ?? RuntimeSettings.Problem(Environment.GetEnvironmentVariable)) is not { } line)
        {
            return null;
        }

        return IsOwnProcess ? Print(Console.Error, line, 1) : throw new InvalidOperationException(line);
    }

    public static bool IsCommand(string[] args) => args is [var first, ..] && Commands.Contains(first);

    public static string Version =>
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Migrates and serves until shutdown; a configuration the service cannot run with is one line on stderr and exit 1.</summary>
    public static async Task<int> ServeAsync(WebApplication app)
    {
        try
        {
            ValidateConfiguration(app);
            await app.MigrateDatabaseAsync();
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (IsOwnProcess && FailureLine(e) is { } line)
        {
            return Print(Console.Error, line, 1);
        }
    }

    /// <summary>
    /// True when this assembly is the process's entry point. Hosted by another program (the tests'
    /// WebApplicationFactory), start-up failures are thrown to that host instead of being printed.
    /// </summary>
    private static bool IsOwnProcess => Assembly.GetEntryAssembly() == typeof(CommandLine).Assembly;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        try
        {
            ValidateConfiguration(app);
            var services = app.Services;
            return args switch
            {
                ["migrate"] => await MigrateAsync(services),
                ["tenants", ..] or ["keys", ..] => await TenantCommands.RunAsync(services, args),
                ["audit", "verify", .. var options] => await VerifyAuditAsync(services, CommandOptions.Parse(options, "--tenant")),
                _ => UsageError($"'{string.Join(' ', args)}' is not a command."),
            };
        }
        catch (CommandLineException e)
        {
            return UsageError(e.Message);
        }
        catch (Exception e) when (FailureLine(e) is { } line)
        {
            return Print(Console.Error, line, 1);
        }
    }

    internal static int UsageError(string message) => Print(Console.Error, $"{message}{Environment.NewLine}{Environment.NewLine}{Usage}", 2);

    internal static int Print(TextWriter writer, string text, int exitCode)
    {
        writer.WriteLine(text);
        return exitCode;
    }

    /// <summary>Every option validated at start-up, before anything runs, so that none fails half-way.</summary>
    private static string Entries(long count) => count == 1 ? "1 entry" : $"{count:N0} entries";

    private static void ValidateConfiguration(WebApplication app) => app.Services.GetService<IStartupValidator>()?.Validate();

    /// <summary>One line that says what to set, for the failures a configuration causes; null for bugs, which keep their stack trace.</summary>
    private static string? FailureLine(Exception e) => e switch
    {
        CommandFailedException failed => failed.Message,
        OptionsValidationException options => "Cannot start: " + string.Join(" ", options.Failures),
        AggregateException { InnerExceptions: var inner } when inner.All(i => i is OptionsValidationException) =>
            "Cannot start: " + string.Join(" ", inner.Cast<OptionsValidationException>().SelectMany(o => o.Failures)),
        // A binding SettingTypes did not foresee (a setting outside the options classes): still one line, the binder's.
        InvalidOperationException { InnerException: not null } when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            "Cannot start: " + e.Message,
        PostgresException postgres => $"Cannot use the database of ConnectionStrings__Postgres: PostgreSQL said {postgres.SqlState}: {postgres.MessageText}",
        NpgsqlException { InnerException: SocketException or TimeoutException } or NpgsqlException { InnerException: null } =>
            $"Cannot reach the database of ConnectionStrings__Postgres ({e.Message}): check its Host, Port, Username and Password, and that PostgreSQL runs.",
        _ => null,
    };

    private static bool IsCommandWord(string arg) => arg.Length > 0 && arg[0] != '-' && !arg.Contains('=', StringComparison.Ordinal);

    private static async Task<int> MigrateAsync(IServiceProvider services)
    {
        var applied = await services.GetRequiredService<Migrations>().ApplyAsync(CancellationToken.None);
        Console.WriteLine(applied.Count == 0
            ? $"The database is up to date ({Migrations.Latest})."
            : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
        return 0;
    }

    /// <summary>Exit code 0 when every chain holds, 1 when one is broken (naming its first broken link) or the tenant is unknown.</summary>
    private static async Task<int> VerifyAuditAsync(IServiceProvider services, CommandOptions options)
    {
        var tenants = services.GetRequiredService<TenantStore>();
        IReadOnlyList<TenantSummary> checkedTenants = options.Get("--tenant") is { } wanted
            ? [await TenantCommands.FindTenantAsync(tenants, wanted) ?? throw new CommandFailedException($"No tenant has the id or name '{wanted}'.")]
            : await tenants.ListAsync(CancellationToken.None);
        var onlyTenant = options.Get("--tenant") is null ? (Guid?)null : checkedTenants[0].Id;
        // Link what is committed first (what the running service does within a second), so the whole log is checked.
        await services.GetRequiredService<AuditSealer>().SealAsync(wait: true, CancellationToken.None);
        var results = (await services.GetRequiredService<AuditVerifier>().VerifyAsync(onlyTenant, CancellationToken.None)).ToDictionary(r => r.TenantId);
        foreach (var tenant in checkedTenants)
        {
            Console.WriteLine(results.TryGetValue(tenant.Id, out var result)
                ? (result.BrokenAtSeq is null
                    ? $"Tenant {tenant.Id} ({tenant.Name}): {Entries(result.EntriesChecked)}, chain intact."
                    : $"Tenant {tenant.Id} ({tenant.Name}): BROKEN at entry {result.BrokenAtSeq}: {result.Reason}.")
                  + (result.Unsealed > 0 ? $" {Entries(result.Unsealed)} committed meanwhile, not sealed yet, so not checked." : "")
                  + (result.PurgedThrough > 0 ? $" Entries 1 to {result.PurgedThrough} were purged by audit retention; the chain is checked from their anchor." : "")
                : $"Tenant {tenant.Id} ({tenant.Name}): no audit entries yet, nothing to verify.");
        }

        if (checkedTenants.Count == 0)
        {
            Console.WriteLine("There are no tenants, so no audit chain to verify.");
        }

        return results.Values.Any(r => r.BrokenAtSeq is not null) ? 1 : 0;
    }
}
