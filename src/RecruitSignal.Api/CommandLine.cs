using Microsoft.Extensions.Options;
using RecruitSignal.Audit;
using RecruitSignal.Database;
using RecruitSignal.Tenants;

namespace RecruitSignal;

/// <summary>
/// The service's administrative commands. They run instead of the web server and exit:
/// <c>migrate</c>, <c>tenants create --name NAME</c> and <c>audit verify [--tenant ID]</c>.
/// </summary>
public static class CommandLine
{
    public static bool IsCommand(string[] args) => args is ["migrate", ..] or ["tenants", ..] or ["audit", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        try
        {
            return args switch
            {
                ["migrate", ..] => await MigrateAsync(app),
                ["tenants", "create", "--name", var name, ..] when !string.IsNullOrWhiteSpace(name) => await CreateTenantAsync(app, name.Trim()),
                ["audit", "verify"] => await VerifyAuditAsync(app, null),
                ["audit", "verify", "--tenant", var tenant] when Guid.TryParse(tenant, out var tenantId) => await VerifyAuditAsync(app, tenantId),
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

    /// <summary>Exit code 0 when every chain holds, 1 when one is broken (naming its first broken link).</summary>
    private static async Task<int> VerifyAuditAsync(WebApplication app, Guid? tenantId)
    {
        var results = await app.Services.GetRequiredService<AuditVerifier>().VerifyAsync(tenantId, CancellationToken.None);
        foreach (var result in results)
        {
            Console.WriteLine(result.BrokenAtSeq is null
                ? $"Tenant {result.TenantId}: {result.EntriesChecked} entries, chain intact."
                : $"Tenant {result.TenantId}: BROKEN at entry {result.BrokenAtSeq}: {result.Reason}.");
        }

        if (results.Count == 0)
        {
            Console.WriteLine(tenantId is null ? "The audit log is empty." : $"Tenant {tenantId} has no audit entries.");
        }

        return results.Any(r => r.BrokenAtSeq is not null) ? 1 : 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("""
            Usage:
              RecruitSignal.Api migrate                      apply pending database migrations
              RecruitSignal.Api tenants create --name NAME   create a tenant and print its API key once
              RecruitSignal.Api audit verify [--tenant ID]   check the audit log's hash chains; exit 1 at the first broken link
            """);
        return 2;
    }
}
