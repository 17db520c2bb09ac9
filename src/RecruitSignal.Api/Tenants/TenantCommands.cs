using System.Globalization;

namespace RecruitSignal.Tenants;

/// <summary><c>tenants create|list|rename</c> and <c>keys create|list|revoke|rotate</c> of the command line.</summary>
public static class TenantCommands
{
    private static readonly TimeSpan DefaultOverlap = TimeSpan.FromHours(24);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var tenants = services.GetRequiredService<TenantStore>();
        var keys = services.GetRequiredService<ApiKeyStore>();
        await services.GetRequiredService<Database.Migrations>().ApplyAsync(CancellationToken.None);
        return args switch
        {
            ["tenants", "create", .. var o] => await CreateTenantAsync(tenants, CommandOptions.Parse(o, "--name")),
            ["tenants", "list"] => await ListTenantsAsync(tenants),
            ["tenants", "rename", .. var o] => await RenameTenantAsync(tenants, CommandOptions.Parse(o, "--tenant", "--name")),
            ["keys", "create", .. var o] => await CreateKeyAsync(tenants, keys, CommandOptions.Parse(o, "--tenant", "--name", "--scopes", "--expires-in")),
            ["keys", "list", .. var o] => await ListKeysAsync(tenants, keys, CommandOptions.Parse(o, "--tenant")),
            ["keys", "revoke", .. var o] => await RevokeKeyAsync(tenants, keys, CommandOptions.Parse(o, "--tenant", "--key")),
            ["keys", "rotate", .. var o] => await RotateKeyAsync(tenants, keys, CommandOptions.Parse(o, "--tenant", "--key", "--overlap")),
            _ => throw new CommandLineException($"'{string.Join(' ', args)}' is not a command."),
        };
    }

    /// <summary>The tenant with this id, or else with this name (ignoring case).</summary>
    public static async Task<TenantSummary?> FindTenantAsync(TenantStore tenants, string idOrName)
    {
        var all = await tenants.ListAsync(CancellationToken.None);
        return Guid.TryParse(idOrName, out var id)
            ? all.FirstOrDefault(t => t.Id == id)
            : all.FirstOrDefault(t => string.Equals(t.Name, idOrName, StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<TenantSummary> TenantAsync(TenantStore tenants, CommandOptions options)
    {
        var wanted = options.Required("--tenant");
        return await FindTenantAsync(tenants, wanted) ?? throw new CommandFailedException($"No tenant has the id or name '{wanted}' (see: tenants list).");
    }

    private static string ValidName(CommandOptions options)
    {
        var name = options.Required("--name");
        return name.Length <= TenantStore.MaxNameLength && !name.Any(char.IsControl)
            ? name
            : throw new CommandLineException($"A name has 1 to {TenantStore.MaxNameLength} characters and no control characters.");
    }

    private static async Task<int> CreateTenantAsync(TenantStore tenants, CommandOptions options)
    {
        var name = ValidName(options);
        NewTenant tenant;
        try
        {
            tenant = await tenants.CreateAsync(name, CancellationToken.None);
        }
        catch (TenantNameTakenException taken)
        {
            throw new CommandFailedException($"{taken.Message} To give it another key: keys create --tenant {taken.ExistingId}");
        }

        Console.WriteLine($"Created tenant '{tenant.Name}' ({tenant.TenantId}).");
        Console.WriteLine($"Its API key (scopes {string.Join(",", ApiScopes.All)}) is shown this once; only its hash is stored:");
        Console.WriteLine(tenant.ApiKey);
        return 0;
    }

    private static async Task<int> ListTenantsAsync(TenantStore tenants)
    {
        var all = await tenants.ListAsync(CancellationToken.None);
        Console.WriteLine($"{"ID",-36}  {"CREATED",-20}  {"KEYS",4}  NAME");
        foreach (var t in all)
        {
            Console.WriteLine($"{t.Id,-36}  {Time(t.CreatedAt),-20}  {t.ActiveKeys,4}  {t.Name}");
        }

        Console.WriteLine($"{all.Count} tenant(s).");
        return 0;
    }

    private static async Task<int> RenameTenantAsync(TenantStore tenants, CommandOptions options)
    {
        var tenant = await TenantAsync(tenants, options);
        var name = ValidName(options);
        try
        {
            await tenants.RenameAsync(tenant.Id, name, CancellationToken.None);
        }
        catch (TenantNameTakenException taken)
        {
            throw new CommandFailedException(taken.Message);
        }

        Console.WriteLine($"Renamed tenant {tenant.Id} from '{tenant.Name}' to '{name}'.");
        return 0;
    }

    private static async Task<int> CreateKeyAsync(TenantStore tenants, ApiKeyStore keys, CommandOptions options)
    {
        var tenant = await TenantAsync(tenants, options);
        var scopes = (options.Get("--scopes") ?? string.Join(',', ApiScopes.Screenings, ApiScopes.Read))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (scopes.Count == 0 || scopes.FirstOrDefault(s => !ApiScopes.IsKnown(s)) is { } unknown && unknown is not null)
        {
            throw new CommandLineException($"--scopes lists one or more of {string.Join(",", ApiScopes.All)}.");
        }

        var name = options.Get("--name") ?? "cli";
        if (name.Length > TenantStore.MaxNameLength || name.Any(char.IsControl))
        {
            throw new CommandLineException($"A key name has 1 to {TenantStore.MaxNameLength} characters and no control characters.");
        }

        var expiresAt = options.Duration("--expires-in") is { } lifetime ? DateTimeOffset.UtcNow + lifetime : (DateTimeOffset?)null;
        var (row, value) = await keys.CreateAsync(tenant.Id, name, scopes, expiresAt, CancellationToken.None);
        Console.WriteLine($"Created key '{row.Name}' ({row.Id}, prefix {row.Prefix}) of tenant '{tenant.Name}', scopes {string.Join(",", row.Scopes)}, "
            + (row.ExpiresAt is { } e ? $"expires {Time(e)}." : "no expiry."));
        Console.WriteLine("The key is shown this once; only its hash is stored:");
        Console.WriteLine(value);
        return 0;
    }

    private static async Task<int> ListKeysAsync(TenantStore tenants, ApiKeyStore keys, CommandOptions options)
    {
        var tenant = await TenantAsync(tenants, options);
        var now = DateTimeOffset.UtcNow;
        Console.WriteLine($"{"ID",-36}  {"PREFIX",-8}  {"STATUS",-7}  {"SCOPES",-32}  {"EXPIRES",-20}  {"LAST USED",-20}  NAME");
        foreach (var key in (await keys.ListAsync(tenant.Id, CancellationToken.None)).Select(row => ApiKeyResponse.Of(row, now)))
        {
            Console.WriteLine($"{key.Id,-36}  {key.Prefix,-8}  {key.Status,-7}  {string.Join(",", key.Scopes),-32}  "
                + $"{Time(key.ExpiresAt),-20}  {Time(key.LastUsedAt),-20}  {key.Name}");
        }

        return 0;
    }

    private static async Task<int> RevokeKeyAsync(TenantStore tenants, ApiKeyStore keys, CommandOptions options)
    {
        var tenant = await TenantAsync(tenants, options);
        var key = await KeyAsync(keys, tenant, options);
        var revoked = (await keys.RevokeAsync(tenant.Id, key.Id, CancellationToken.None))!;
        Console.WriteLine($"Revoked key '{revoked.Name}' ({revoked.Id}, prefix {revoked.Prefix}) of tenant '{tenant.Name}' at {Time(revoked.RevokedAt)}; "
            + "every replica refuses it within a second.");
        return 0;
    }

    private static async Task<int> RotateKeyAsync(TenantStore tenants, ApiKeyStore keys, CommandOptions options)
    {
        var tenant = await TenantAsync(tenants, options);
        var key = await KeyAsync(keys, tenant, options);
        var overlap = options.Duration("--overlap") ?? DefaultOverlap;
        var (rotated, alreadyRotatedTo) = await keys.RotateAsync(tenant.Id, key.Id, overlap, CancellationToken.None);
        if (alreadyRotatedTo is { } successor)
        {
            throw new CommandFailedException($"Key {key.Id} was already rotated, into key {successor}: nothing was changed (see: keys list --tenant {tenant.Id}).");
        }

        if (rotated is null)
        {
            throw new CommandFailedException($"Key {key.Id} is revoked or expired: make a new one with keys create.");
        }

        Console.WriteLine($"New key '{rotated.New.Name}' ({rotated.New.Id}, prefix {rotated.New.Prefix}), scopes {string.Join(",", rotated.New.Scopes)}.");
        Console.WriteLine("The key is shown this once; only its hash is stored:");
        Console.WriteLine(rotated.Value);
        Console.WriteLine($"The old key ({rotated.Old.Id}, prefix {rotated.Old.Prefix}) keeps working until {Time(rotated.Old.ExpiresAt)}, then expires; "
            + "revoke it sooner with keys revoke.");
        return 0;
    }

    private static async Task<ApiKeyRow> KeyAsync(ApiKeyStore keys, TenantSummary tenant, CommandOptions options)
    {
        var wanted = options.Required("--key");
        return await keys.FindAsync(tenant.Id, wanted, CancellationToken.None)
            ?? throw new CommandFailedException($"Tenant '{tenant.Name}' has no key with the id or prefix '{wanted}' (see: keys list --tenant {tenant.Id}).");
    }

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    private static string Time(DateTime? at) => Time(at is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null);
}
