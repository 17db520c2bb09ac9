using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using RecruitSignal.Tenants;

namespace RecruitSignal.Tests.Integration;

/// <summary>The service on its real HTTP pipeline, against a real, freshly migrated PostgreSQL database.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private static readonly string[] TenantTables = ["candidates", "presence_observations", "assessments"];

    public PostgresServer Server { get; } = new();

    public string ConnectionString { get; private set; } = "";

    public ApiFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        ConnectionString = await Server.CreateDatabaseAsync();
        Factory = new ApiFactory(ConnectionString);
        Factory.StartServer(); // starts the host, which migrates the database
    }

    /// <summary>A client of a brand-new tenant, so no test sees another test's rows.</summary>
    public async Task<TenantClient> NewTenantAsync()
    {
        var tenant = await Factory.Services.GetRequiredService<TenantStore>().CreateAsync($"test-{Guid.NewGuid():N}", CancellationToken.None);
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        return new TenantClient(tenant.TenantId, client, this);
    }

    /// <summary>How many rows the tenant has in each of its tables.</summary>
    public async Task<IReadOnlyDictionary<string, long>> RowCountsAsync(Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        var counts = new Dictionary<string, long>();
        foreach (var table in TenantTables)
        {
            counts[table] = await connection.ExecuteScalarAsync<long>($"select count(*) from {table} where tenant_id = @tenantId", new { tenantId });
        }

        return counts;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Server.DisposeAsync();
    }
}

public sealed record TenantClient(Guid TenantId, HttpClient Http, ApiFixture Fixture)
{
    public async Task<long> TotalRowsAsync() => (await Fixture.RowCountsAsync(TenantId)).Values.Sum();
}

/// <summary>The service on real Kestrel bound to loopback, so limits such as the body size are the production ones.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public static readonly string TestKeyEncryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private readonly string _connectionString;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IWebHostBuilder>? _configure;

    /// <param name="port">0 for any free port; a fixed one when the service must know its own address (PublicBaseUrl).</param>
    /// <param name="configure">More configuration of the host, e.g. a logger provider that captures every line.</param>
    public ApiFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null, int port = 0, Action<IWebHostBuilder>? configure = null)
    {
        _connectionString = connectionString;
        _settings = settings ?? new Dictionary<string, string?>();
        _configure = configure;
        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
    }

    /// <summary>A client whose every response to a documented operation is checked against the OpenAPI document.</summary>
    public new HttpClient CreateClient() => CreateDefaultClient(new Contract.ContractCheckingHandler());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Production, so the tests see exactly what a client sees (no developer exception page).
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Postgres", _connectionString);
        // As scripts/run.sh and docker-compose do: the key ring is stored encrypted, and the start has no warning.
        builder.UseSetting("DataProtection:KeyEncryptionKey", TestKeyEncryptionKey);
        // Every test client is 127.0.0.1: one test's wrong keys must not throttle the others (ApiKeyTests sets a low limit).
        builder.UseSetting("Authentication:FailuresPerClient", "100000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // Every service under test reports its unhandled exceptions, checked after each test (ServiceLog.cs).
        builder.ConfigureLogging(logging => logging.AddProvider(new ServiceLog()));
        _configure?.Invoke(builder);
    }
}

[CollectionDefinition(Name)]
public sealed class ApiTestGroup : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
