using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Assessments;
using RecruitSignal.Tenants;

namespace RecruitSignal.Tests.Integration.Hardening;

/// <summary>Issue 13, item 7: cursors are sealed with a key no source code holds, carry no tenant id, and refuse tampering.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class CursorTests(ApiFixture api)
{
    [Fact]
    public async Task ACursorHoldsNeitherTheTenantIdNorAnythingReadable()
    {
        var tenant = await api.NewTenantAsync();
        await ScreenAsync(tenant, 3);

        var cursor = (await (await tenant.Http.GetAsync("/v1/assessments?limit=1")).ReadAsync<AssessmentPage>()).Next!;
        var bytes = Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '='));

        Assert.DoesNotContain(tenant.TenantId.ToString("N"), cursor, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(tenant.TenantId.ToByteArray()));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(tenant.TenantId.ToByteArray(bigEndian: true)));
    }

    [Fact]
    public async Task ACursorForgedWithTheKeyThatWasInTheSourceIsRefused()
    {
        var tenant = await api.NewTenantAsync();
        await ScreenAsync(tenant, 3);

        var forged = ForgeWithTheOldPublishedKey(tenant.TenantId, "assessments?band=&presence=&active=&createdAfter=&externalId=", DateTime.UtcNow.AddDays(1), Guid.Empty);
        var response = await tenant.Http.GetAsync($"/v1/assessments?cursor={forged}");

        await response.AssertRefusedNamingAsync("cursor");
    }

    [Fact]
    public async Task ACursorGivenByOneReplicaIsReadByAnother()
    {
        var database = await api.Server.CreateDatabaseAsync();
        await using var first = new ApiFactory(database);
        await using var second = new ApiFactory(database);
        first.StartServer();
        second.StartServer();
        var key = await first.Services.GetRequiredService<TenantStore>().CreateAsync("replicas", CancellationToken.None);
        using var one = Client(first, key.ApiKey);
        using var other = Client(second, key.ApiKey);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await one.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional($"r-{i}"))).StatusCode);
        }

        var page = await (await one.GetAsync("/v1/assessments?limit=2")).ReadAsync<AssessmentPage>();
        var next = await other.GetAsync($"/v1/assessments?limit=2&cursor={page.Next}");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Single((await next.ReadAsync<AssessmentPage>()).Items);
    }

    private static HttpClient Client(ApiFactory factory, string apiKey)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    private static async Task ScreenAsync(TenantClient tenant, int count)
    {
        for (var i = 0; i < count; i++)
        {
            (await tenant.ScreenAsync(Requests.EngagedProfessional($"c-{i}"))).EnsureSuccessStatusCode();
        }
    }

    /// <summary>The cursor format and HMAC key the service used to publish in its source code.</summary>
    private static string ForgeWithTheOldPublishedKey(Guid tenantId, string scope, DateTime createdAt, Guid id)
    {
        var data = new byte[1 + 16 + 8 + 8 + 16 + 16];
        data[0] = 1;
        tenantId.TryWriteBytes(data.AsSpan(1, 16));
        SHA256.HashData(Encoding.UTF8.GetBytes(scope))[..8].CopyTo(data.AsSpan(17, 8));
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(25, 8), createdAt.Ticks);
        id.TryWriteBytes(data.AsSpan(33, 16));
        HMACSHA256.HashData(Encoding.UTF8.GetBytes("RecruitSignal keyset cursor v1"), data.AsSpan(0, 49))[..16].CopyTo(data.AsSpan(49));
        return Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
