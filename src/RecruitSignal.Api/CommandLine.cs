using Microsoft.Extensions.Options;
using RecruitSignal.Database;
using RecruitSignal.Tenants;

namespace RecruitSignal;

/// <summary>
/// The service's administrative commands. They run instead of the web server and exit:
/// <c>migrate</c> and <c>tenants create --name NAME</c>.
/// </summary>
public static class CommandLine
{
    public static bool IsCommand(string[] args) => args is ["migrate", ..] or ["tenants", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        try
        {
            return args switch
            {
                ["migrate", ..] => await MigrateAsync(app),
                ["tenants", "create", "--name", var name, ..] when !string.IsNullOrWhiteSpace(name) => await CreateTenantAsync(app, name.Trim()),
                _ => Usage(),
            };
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, e.Failures));
            return 2;
        }
    }

    private static async Task<int> MigrateAsync(WebApplication app)
    {
        var applied = await app.Services.GetRequiredService<Migrations>().ApplyAsync(CancellationToken.None);
        Console.WriteLine(applied.Count == 0
            ? $"The database is up to date ({Migrations.Latest})."
            : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
        return 0;
    }

    private static async Task<int> CreateTenantAsync(WebApplication app, string name)
    {
        if (name.Length > 100)
        {
            await Console.Error.WriteLineAsync("A tenant name has at most 100 characters.");
            return 2;
        }

        await app.Services.GetRequiredService<Migrations>().ApplyAsync(CancellationToken.None);
        var tenant = await app.Services.GetRequiredService<TenantStore>().CreateAsync(name, CancellationToken.None);
        Console.WriteLine($"Created tenant '{tenant.Name}' ({tenant.TenantId}).");
        Console.WriteLine("Its API key is shown this once; only its hash is stored:");
        Console.WriteLine(tenant.ApiKey);
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("""
            Usage:
              RecruitSignal.Api migrate                      apply pending database migrations
              RecruitSignal.Api tenants create --name NAME   create a tenant and print its API key once
            """);
        return 2;
    }
}
