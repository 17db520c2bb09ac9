using System.Net;
using Dapper;
using Npgsql;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Operations;

/// <summary>The command line as an operator meets it: the built service run with dotnet, exit codes and what it prints.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class CommandLineTests(ApiFixture api)
{
    private static readonly Dictionary<string, string?> NoConfiguration = ServiceProcess.Environment(null);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task HelpPrintsTheUsageAndExitsWithoutNeedingAnyConfiguration(string flag)
    {
        var (exitCode, stdout, stderr) = await ServiceProcess.RunAsync(NoConfiguration, flag);

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage: RecruitSignal.Api", stdout, StringComparison.Ordinal);
        Assert.Contains("keys rotate --tenant TENANT --key KEY", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr);
    }

    [Theory]
    [InlineData("version")]
    [InlineData("--version")]
    public async Task VersionPrintsTheVersionAndTheNewestMigration(string flag)
    {
        var (exitCode, stdout, _) = await ServiceProcess.RunAsync(NoConfiguration, flag);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"^RecruitSignal \S+ \(database schema \d{4}_[a-z0-9_]+\)\s*$", stdout);
    }

    [Fact]
    public async Task AnUnknownCommandIsAUsageErrorNotAServerStart()
    {
        var (exitCode, _, stderr) = await ServiceProcess.RunAsync(NoConfiguration, "tenant", "create");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("Unknown command 'tenant'.", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "ConnectionStrings__Postgres")]
    [InlineData("Host=127.0.0.1;Max Pool Size=3", null, "ConnectionStrings__Postgres is not a valid Npgsql connection string")]
    [InlineData("Host=127.0.0.1;Port=1;Database=x;Username=x;Timeout=2", null, "Cannot reach the database of ConnectionStrings__Postgres")]
    [InlineData("Host=127.0.0.1;Database=x;Username=x", "XApi__WindowDays", "XApi__WindowDays is from 7 to 365")]
    public async Task AMissingOrWrongSettingIsOneLineNamingItAndExitCode1(string? connectionString, string? badSetting, string expected)
    {
        var environment = ServiceProcess.Environment(connectionString);
        if (badSetting is not null)
        {
            environment[badSetting] = "1";
        }

        foreach (var args in new[] { Array.Empty<string>(), ["migrate"] })
        {
            var (exitCode, stdout, stderr) = await ServiceProcess.RunAsync(environment, args);

            Assert.Equal(1, exitCode);
            var lines = (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var line = Assert.Single(lines);
            Assert.Contains(expected, line, StringComparison.Ordinal);
            Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TenantsCreateRefusesANameThatExistsIgnoringCase()
    {
        var environment = ServiceProcess.Environment(await api.Server.CreateDatabaseAsync());

        var first = await ServiceProcess.RunAsync(environment, "tenants", "create", "--name", "Acme");
        var second = await ServiceProcess.RunAsync(environment, "tenants", "create", "--name", "acme");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("A tenant named 'acme' already exists", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch("rs_[A-Za-z0-9]{8}_", second.Stdout);
        await using var connection = new NpgsqlConnection(environment["ConnectionStrings__Postgres"]);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from tenants"));
    }

    [Fact]
    public async Task AuditVerifySaysWhichTenantsHaveNoEntriesYet()
    {
        var environment = ServiceProcess.Environment(await api.Server.CreateDatabaseAsync());
        var created = await ServiceProcess.RunAsync(environment, "tenants", "create", "--name", "quiet");
        Assert.Equal(0, created.ExitCode);

        var (exitCode, stdout, _) = await ServiceProcess.RunAsync(environment, "audit", "verify");
        var one = await ServiceProcess.RunAsync(environment, "audit", "verify", "--tenant", "quiet");
        var unknown = await ServiceProcess.RunAsync(environment, "audit", "verify", "--tenant", "nobody");

        Assert.Equal(0, exitCode);
        Assert.Matches(@"Tenant [0-9a-f-]{36} \(quiet\): no audit entries yet, nothing to verify\.", stdout);
        Assert.Contains("(quiet): no audit entries yet", one.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No tenant has the id or name 'nobody'", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysCanBeCreatedRotatedWithAnOverlapAndRevokedFromTheCommandLine()
    {
        var database = await api.Server.CreateDatabaseAsync();
        var environment = ServiceProcess.Environment(database);
        var transcript = new System.Text.StringBuilder();
        async Task<string> Run(params string[] args)
        {
            var (exitCode, stdout, stderr) = await ServiceProcess.RunAsync(environment, args);
            transcript.Append("$ RecruitSignal.Api ").AppendLine(string.Join(' ', args)).Append(stdout).Append(stderr);
            Assert.True(exitCode == 0, $"{string.Join(' ', args)} exited {exitCode}: {stderr}");
            return stdout;
        }

        var ownerKey = KeyIn(await Run("tenants", "create", "--name", "acme"));
        var integrationKey = KeyIn(await Run("keys", "create", "--tenant", "acme", "--name", "greenhouse", "--scopes", "greenhouse,read"));
        var oldPrefix = integrationKey[3..11];
        var rotated = await Run("keys", "rotate", "--tenant", "acme", "--key", oldPrefix, "--overlap", "1h");
        var newKey = KeyIn(rotated);
        await using var service = new ApiFactory(database);
        service.StartServer();
        var before = (await Status(service, integrationKey), await Status(service, newKey));
        await Run("keys", "revoke", "--tenant", "acme", "--key", oldPrefix);
        await Task.Delay(RecruitSignal.Tenants.ApiKeyStore.CacheDuration + TimeSpan.FromMilliseconds(100));
        var after = (await Status(service, integrationKey), await Status(service, newKey));
        var list = await Run("keys", "list", "--tenant", "acme");
        await Run("tenants", "list");
        Console.WriteLine(transcript.ToString());

        Assert.NotEqual(ownerKey, newKey);
        Assert.Matches(@"keeps working until \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, then expires", rotated);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), before);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), after);
        Assert.Matches($@"{oldPrefix}\s+revoked\s+read,greenhouse\s", list);
        Assert.Matches(@"\s+active\s+read,greenhouse\s+-\s", list);
        Assert.DoesNotContain(integrationKey[12..], list, StringComparison.Ordinal);
    }

    private static string KeyIn(string output) => System.Text.RegularExpressions.Regex.Match(output, "rs_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}").Value;

    private static async Task<HttpStatusCode> Status(ApiFactory service, string key)
    {
        using var client = service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return (await client.GetAsync("/v1/assessments")).StatusCode;
    }
}
