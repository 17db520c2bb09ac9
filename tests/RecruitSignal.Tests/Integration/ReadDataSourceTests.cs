using System.Net;
using System.Net.Http.Json;
using RecruitSignal.Assessments;

namespace RecruitSignal.Tests.Integration;

/// <summary>
/// ConnectionStrings:PostgresRead serves the listings only. Here it names a second, migrated database that never
/// receives writes, standing in for a standby that has not replayed them yet.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class ReadDataSourceTests(ApiFixture api)
{
    [Fact]
    public async Task ListingsReadTheReadDataSourceWhileAReadByIdOfOnesOwnWriteStaysOnThePrimary()
    {
        var standIn = await api.Server.CreateDatabaseAsync();
        await using (var migrate = new ApiFactory(standIn))
        {
            migrate.StartServer();
        }

        await using var service = new ApiFactory(await api.Server.CreateDatabaseAsync(), new Dictionary<string, string?>
        {
            ["ConnectionStrings:PostgresRead"] = standIn,
        });
        service.StartServer();
        var client = await service.NewTenantClientAsync();

        var written = await (await client.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional("read-own-write"))).ReadAssessmentAsync();
        var byId = await client.GetAsync($"/v1/assessments/{written.Id}");
        var listed = await (await client.GetAsync("/v1/assessments")).ReadAsync<AssessmentPage>();
        var candidates = await client.GetAsync("/v1/candidates");

        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Empty(listed.Items);
        Assert.Equal(HttpStatusCode.OK, candidates.StatusCode);
        Assert.DoesNotContain("read-own-write", await candidates.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
