namespace RecruitSignal.Tests.Integration;

/// <summary>A misconfigured service refuses to start and says which variable to fix.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Max Pool Size=3", "not a valid Npgsql connection string")]
    [InlineData("", "set the environment variable ConnectionStrings__Postgres")]
    public void BadConnectionStringStopsStartUpNamingTheVariable(string connectionString, string expected)
    {
        using var factory = new ApiFactory(connectionString, new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });

        var failure = Assert.ThrowsAny<Exception>(factory.StartServer);

        Assert.Contains(expected, failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Postgres", failure.ToString(), StringComparison.Ordinal);
    }
}
