using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Audit;
using RecruitSignal.Screenings;
using RecruitSignal.Tests.XApi;

namespace RecruitSignal.Tests.Integration.Hardening;

/// <summary>
/// Issue 13, item 1: a batch item behaves exactly as the same request sent alone, for every field a screening
/// accepts (consent and the X lookups it allows included): the same requests, one by one to one tenant and as
/// one batch to another, leave the same rows in every tenant table, before and after the lookups run.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class BatchParityTests(ApiFixture api)
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow.AddHours(-2).AddTicks(-(DateTimeOffset.UtcNow.Ticks % 10));

    private static JsonObject Grant => new() { ["granted"] = true, ["grantedAt"] = At, ["noticeVersion"] = "notice-2026", ["method"] = "ats_form" };

    private static JsonObject Withdrawal => new() { ["granted"] = false, ["method"] = "email" };

    /// <summary>Between them, these use every field of a screening request and every path consent can take.</summary>
    private static List<JsonObject> Items() =>
    [
        Requests.EngagedProfessional("declared").With("candidate.links", new JsonArray("https://github.com/camille"))
            .With("candidate.consent", Grant).With("evidence.accountCreatedAt", At.AddYears(-5)).With("policyVersion", "default@1"),
        LookupRequests.HandleOnly("granted", "camille_m", Grant),
        LookupRequests.HandleOnly("silent", "dana_k"),
        LookupRequests.HandleOnly("refused", "eli_r", Withdrawal),
        LookupRequests.HandleOnly("linked", "camille_m", Grant).With("candidate.twitter", null)
            .With("candidate.links", new JsonArray("https://linkedin.com/in/camille", "https://x.com/Camille_M")),
        LookupRequests.HandleOnly("changed-mind", "fox_t", Grant),
        LookupRequests.HandleOnly("changed-mind", "fox_t", Withdrawal),
        LookupRequests.HandleOnly("granted-earlier", "gus_b", Grant).With("evidence", new JsonObject { ["status"] = "not_found" }),
        LookupRequests.HandleOnly("granted-earlier", "gus_b"),
        Requests.EngagedProfessional("absent").With("candidate.twitter", null).With("evidence", null).With("job", null),
        Requests.EngagedProfessional("networks").With("candidate.bluesky", "camille.bsky.social").With("candidate.mastodon", "@camille@mastodon.social")
            .With("evidence.network", "x").With("policyVersion", "default@2")
            .With("candidate.consent", new JsonObject { ["granted"] = true, ["noticeVersion"] = "privacy-2026-01", ["method"] = "ats_form", ["networks"] = new JsonArray("x") }),
    ];

    [Fact]
    public async Task EveryFieldOfABatchItemIsStoredAsTheSameRequestAloneWouldBe()
    {
        await using var x = await XApiHarness.StartAsync(api);
        foreach (var handle in new[] { "camille_m", "dana_k", "eli_r", "fox_t", "gus_b" })
        {
            x.X.Add(handle).Posts.Add(new FakePost("kubernetes at scale", DateTimeOffset.UtcNow.AddDays(-1)));
        }

        var (alone, aloneHttp) = await x.NewTenantAsync();
        var (batched, batchHttp) = await x.NewTenantAsync();

        foreach (var item in Items())
        {
            var response = await aloneHttp.PostAsJsonAsync("/v1/screenings", item);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var batch = await batchHttp.PostAsJsonAsync("/v1/screenings/batch", new JsonObject { ["items"] = new JsonArray([.. Items()]) });
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal(Items().Count, (await batch.ReadAsync<BatchScreeningResponse>()).Stored);

        await AssertSameRowsAsync(x, alone, batched);
        await x.ProcessAsync();
        await AssertSameRowsAsync(x, alone, batched);
    }

    [Fact]
    public void TheItemsUseEveryFieldOfAScreeningRequest()
    {
        var used = Items().SelectMany(item => Paths(item, "")).ToHashSet();
        var missing = Fields(typeof(ScreeningRequest), "").Except(used).ToList();

        Assert.True(missing.Count == 0, $"no parity item sends: {string.Join(", ", missing)}");
    }

    private static async Task AssertSameRowsAsync(XApiHarness x, Guid alone, Guid batched)
    {
        // Audit entries are linked into their chains after commit: compare chains, not what the sealer reached so far.
        await x.Factory.Services.GetRequiredService<AuditSealer>().SealAsync(wait: true, CancellationToken.None);
        var expected = TenantRows.WithoutIdsAndTimes(await TenantRows.ReadAsync(x.ConnectionString, alone));
        var actual = TenantRows.WithoutIdsAndTimes(await TenantRows.ReadAsync(x.ConnectionString, batched));
        Assert.Contains(expected["candidate_consents"], row => row.Contains("\"granted\":true", StringComparison.Ordinal));
        Assert.NotEmpty(expected["presence_lookup_jobs"]);
        // Each tenant has its own key; the change log records commits, and a batch is one commit where its items sent
        // alone are many (the change of a candidate created and changed again in one commit is its creation).
        foreach (var table in expected.Keys.Where(t => t is not ("api_keys" or "changes" or "change_counters")))
        {
            Assert.True(expected[table].SequenceEqual(actual[table]),
                $"{table} differs.\nalone:   {string.Join("\n          ", expected[table])}\nbatched: {string.Join("\n          ", actual[table])}");
        }
    }

    private static IEnumerable<string> Paths(JsonNode? node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => Paths(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")).Append(path),
        _ => [path],
    };

    // The JSON paths of a request type's fields, nested objects included (lists count as one field).
    private static IEnumerable<string> Fields(Type type, string prefix) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).SelectMany(p =>
        {
            var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(p.Name);
            var propertyType = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            return propertyType.Assembly == typeof(ScreeningRequest).Assembly && propertyType.IsClass
                ? Fields(propertyType, path + ".").Append(path)
                : [path];
        });
}
