using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace RecruitSignal.Tests.Integration;

[Collection(ApiTestGroup.Name)]
public sealed class KeyRingTests(ApiFixture api)
{
    [Fact]
    public async Task APayloadProtectedByOneReplicaIsReadByAnother()
    {
        var database = await api.Server.CreateDatabaseAsync();
        await using var first = new ApiFactory(database);
        await using var second = new ApiFactory(database);
        first.StartServer();
        second.StartServer();

        var protectedText = Protector(first).Protect("greenhouse-credential");

        Assert.Equal("greenhouse-credential", Protector(second).Unprotect(protectedText));
        await using var connection = new NpgsqlConnection(database);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from data_protection_keys"));
    }

    [Fact]
    public async Task WithAKeyEncryptionKeyTheStoredKeyRingRevealsNoKeyMaterial()
    {
        var database = await api.Server.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?> { ["DataProtection:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        await using (var factory = new ApiFactory(database, settings))
        {
            factory.StartServer();
            var protectedText = Protector(factory).Protect("secret");
            Assert.Equal("secret", Protector(factory).Unprotect(protectedText));
        }

        await using var connection = new NpgsqlConnection(database);
        var stored = (await connection.QueryAsync<string>("select xml from data_protection_keys")).ToList();
        Assert.NotEmpty(stored);
        Assert.All(stored, xml => Assert.DoesNotContain("masterKey", xml, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AKeyEncryptionKeyThatIsNot32BytesStopsTheStart()
    {
        var database = await api.Server.CreateDatabaseAsync();
        await using var factory = new ApiFactory(database, new Dictionary<string, string?> { ["DataProtection:KeyEncryptionKey"] = "c2hvcnQ=" });

        var failure = Assert.ThrowsAny<Exception>(() => factory.StartServer());

        Assert.Contains("DataProtection__KeyEncryptionKey", failure.ToString(), StringComparison.Ordinal);
    }

    private static IDataProtector Protector(ApiFactory factory) =>
        factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("tests");
}
