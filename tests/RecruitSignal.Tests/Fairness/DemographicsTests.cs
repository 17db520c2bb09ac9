using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using RecruitSignal.Demographics;
using RecruitSignal.Privacy;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.Integration.Hardening;
using RecruitSignal.Tests.Integration.Trust;

namespace RecruitSignal.Tests.Fairness;

[Collection(ApiTestGroup.Name)]
public sealed class DemographicsTests(ApiFixture api)
{
    /// <summary>Screenings that reach every tier and reason code family the default policy has.</summary>
    private static IEnumerable<JsonObject> Screenings(string prefix) =>
    [
        Requests.EngagedProfessional($"{prefix}-engaged"),
        Requests.EngagedProfessional($"{prefix}-relayer").With("evidence.reposts", 200),
        Requests.EngagedProfessional($"{prefix}-stale").With("evidence.lastAuthoredPostAt", Requests.ObservedAt.AddDays(-60)).With("evidence.replies", 1),
        Requests.EngagedProfessional($"{prefix}-absent").With("evidence.status", "not_found"),
        Requests.EngagedProfessional($"{prefix}-no-evidence").With("evidence", null),
    ];

    [Fact]
    public async Task TheSameScreeningsStoreByteIdenticalAssessmentsWithAndWithoutCategories()
    {
        var without = await api.NewTenantAsync();
        var with = await api.NewTenantAsync();
        var categories = new[] { new DemographicsRequest("female", null, "40_and_over"), new DemographicsRequest("male", null, "under_25"),
            new DemographicsRequest("declined", null, "declined"), new DemographicsRequest(null, null, "60_and_over"), new DemographicsRequest("female", null, null) };

        // Each candidate is screened, given categories (in one tenant only), then screened again: the second
        // screening is the one that could read them.
        foreach (var (body, i) in Screenings("c").Select((b, i) => (b, i)))
        {
            await without.ScreenOkAsync(body.DeepClone().AsObject());
            var first = await with.ScreenOkAsync(body.DeepClone().AsObject());
            var put = await with.Http.PutAsJsonAsync($"/v1/candidates/{first.CandidateId}/demographics", categories[i]);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            await without.ScreenOkAsync(body.DeepClone().AsObject());
            await with.ScreenOkAsync(body.DeepClone().AsObject());
        }

        // Every column of the rows a screening writes, as PostgreSQL renders them (jsonb factors in its canonical form,
        // score, tier, band, reason codes, terms, evidence counts), with only surrogate ids and clock times blanked.
        var expected = await ScoringRowsAsync(without.TenantId);
        var actual = await ScoringRowsAsync(with.TenantId);
        Assert.Equal(10, expected["assessments"].Count);
        Assert.Contains(expected["assessments"], row => row.Contains("\"factors\": [{", StringComparison.Ordinal) || row.Contains("\"factors\":[{", StringComparison.Ordinal));
        Assert.Equal(expected, actual);
        Assert.Equal(Digest(expected), Digest(actual));
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        Assert.Equal(5, await connection.ExecuteScalarAsync<long>("select count(*) from candidate_demographics where tenant_id = @tenantId", new { tenantId = with.TenantId }));
    }

    [Fact]
    public async Task CategoriesAreValidatedReplacedAndRefusedForAnotherTenantsCandidate()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var candidate = await tenant.ScreenOkAsync(Requests.EngagedProfessional("cat-1"));
        var url = $"/v1/candidates/{candidate.CandidateId}/demographics";

        var bad = await tenant.Http.PutAsJsonAsync(url, new { sex = "unknown", ageBand = "39" });
        var first = await tenant.Http.PutAsJsonAsync(url, new { sex = "female", ageBand = "40_and_over" });
        var replaced = await (await tenant.Http.PutAsJsonAsync(url, new { ageBand = "declined" })).ReadAsync<DemographicsResponse>();
        var foreign = await other.Http.PutAsJsonAsync(url, new { sex = "male" });
        var unknown = await tenant.Http.PutAsJsonAsync($"/v1/candidates/{Guid.NewGuid()}/demographics", new { sex = "male" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["ageBand", "sex"], (await bad.ReadAsync<JsonObject>())["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((null, null, "declined"), (replaced.Sex, replaced.RaceEthnicity, replaced.AgeBand));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task CategoriesAreInTheCandidatesExportAndGoWithErasure()
    {
        var tenant = await api.NewTenantAsync();
        var candidate = await tenant.ScreenOkAsync(Requests.EngagedProfessional("cat-export"));
        await tenant.Http.PutAsJsonAsync($"/v1/candidates/{candidate.CandidateId}/demographics", new { sex = "male", ageBand = "50_to_59" });

        var export = await (await tenant.Http.GetAsync($"/v1/candidates/{candidate.CandidateId}/export")).ReadAsync<CandidateExport>();
        var erased = await tenant.Http.DeleteAsync($"/v1/candidates/{candidate.CandidateId}");

        Assert.Equal(("male", "50_to_59"), (export.Demographics?.Sex, export.Demographics?.AgeBand));
        Assert.Contains(export.AuditTrail, e => e.Action == Audit.AuditAction.DemographicsRecorded);
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from candidate_demographics where tenant_id = @tenantId", new { tenantId = tenant.TenantId }));
    }

    [Fact]
    public void NothingOnTheScoringOrRecruiterPathNamesTheCategories()
    {
        var source = Contract.RepositoryFiles.PathOf("src/RecruitSignal.Api");
        var allowed = new[] { "Demographics", "Fairness", "Privacy" }.Select(folder => Path.Combine(source, folder) + Path.DirectorySeparatorChar).ToList();
        var readers = Directory.EnumerateFiles(source, "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => !allowed.Any(folder => path.StartsWith(folder, StringComparison.Ordinal)))
            .Where(path => File.ReadAllText(path) is var text && (text.Contains("candidate_demographics", StringComparison.Ordinal) || text.Contains("RecruitSignal.Demographics", StringComparison.Ordinal)))
            .Select(path => Path.GetRelativePath(source, path))
            .ToList();

        // Only the feature's folders and the candidate's rights (export, erasure) may even name the table or the store.
        Assert.Empty(readers);
    }

    private async Task<Dictionary<string, List<string>>> ScoringRowsAsync(Guid tenantId)
    {
        var rows = await TenantRows.ReadAsync(api.ConnectionString, tenantId);
        return TenantRows.WithoutIdsAndTimes(rows).Where(t => t.Key is "assessments" or "presence_observations" or "candidates").ToDictionary(t => t.Key, t => t.Value);
    }

    private static string Digest(Dictionary<string, List<string>> tables) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", tables.OrderBy(t => t.Key).SelectMany(t => t.Value.Prepend(t.Key))))));
}
