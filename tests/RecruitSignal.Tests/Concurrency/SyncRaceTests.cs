using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Changes;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tests.Integration;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.Concurrency;

/// <summary>
/// Issue 25, race 5: a client syncing while screenings commit in any order. Following GET /v1/changes with
/// after = next sees every assessment exactly once with positions only growing; a walk of the listing's cursor
/// returns every assessment committed before the walk started, however late its request began.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class SyncRaceTests(ApiFixture api, ITestOutputHelper output)
{
    [Fact]
    public async Task AClientFollowingChangesOrWalkingTheListingMissesNoRowCommittedLate()
    {
        await using var race = await RaceService.StartAsync(api);
        var (_, http) = await race.NewTenantAsync();
        var tally = new Tally();
        var random = new Random(race.Seed);
        var until = DateTime.UtcNow + RaceService.Budget;
        var committed = new ConcurrentDictionary<Guid, long>(); // assessment id -> order its POST was answered
        long answered = 0;
        var writing = true;

        // Screenings of new candidates and of known ones (a candidate change), a batch now and then: commits of
        // different sizes, so that requests started in one order commit in another. Scaled up, batches grow too, so
        // that a scale of 30 commits about the 70,000 assessments the sync was measured over.
        var batchSize = Math.Min(6 * RaceService.Scale, 120);
        var walkLimit = RaceService.Scale > 1 ? 24 : 12;
        var writers = Enumerable.Range(0, 5).Select(w => RaceReport.RepeatAsync(40, until, async i =>
        {
            var body = i % 10 == 9
                ? new JsonObject { ["items"] = new JsonArray([.. Enumerable.Range(0, batchSize).Select(j => (JsonNode)Requests.EngagedProfessional($"s{w}-{i}-{j}"))]) }
                : Requests.EngagedProfessional($"s{w}-{i % 7}");
            var response = await tally.SendAsync("screening", () => http.PostAsJsonAsync(i % 10 == 9 ? "/v1/screenings/batch" : "/v1/screenings", body));
            var json = await response.Content.ReadFromJsonAsync<JsonObject>();
            var ids = json?["items"] is JsonArray items
                ? items.Select(item => item?["assessment"]?["id"]?.GetValue<Guid>()).OfType<Guid>()
                : json?["id"] is { } id ? [id.GetValue<Guid>()] : [];
            foreach (var assessmentId in ids)
            {
                committed[assessmentId] = Interlocked.Increment(ref answered);
            }
        })).ToList();

        var seen = new Dictionary<Guid, int>();
        var backwards = 0;
        long next = 0;
        var polls = 0;
        async Task<int> PollAsync()
        {
            var feed = (await (await tally.SendAsync("changes", () => http.GetAsync($"/v1/changes?after={next}&limit={random.Next(3, 40)}"))).Content
                .ReadFromJsonAsync<ChangeFeed>(Json.Options))!;
            polls++;
            foreach (var change in feed.Items)
            {
                backwards += change.Position <= next ? 1 : 0;
                next = change.Position;
                if (change.Type == ChangeType.Assessment)
                {
                    seen[change.Id] = seen.GetValueOrDefault(change.Id) + 1;
                }
            }

            return feed.Items.Count;
        }

        var missedByWalks = 0;
        var walks = 0;
        var syncing = Task.Run(async () =>
        {
            while (Volatile.Read(ref writing))
            {
                await PollAsync();
                if (polls % 8 == 0 && walks < walkLimit)
                {
                    // What had committed before the walk started must all be in it.
                    var before = committed.Keys.ToHashSet();
                    walks++;
                    missedByWalks += before.Except(await WalkAsync(http, tally, RaceService.Scale > 1 ? random.Next(50, 101) : random.Next(5, 30))).Count();
                }
            }

            while (await PollAsync() > 0)
            {
            }
        });

        await Task.WhenAll(writers);
        Volatile.Write(ref writing, false);
        await syncing;

        var missed = committed.Keys.Count(id => !seen.ContainsKey(id));
        var repeated = seen.Values.Count(count => count > 1);
        RaceReport.Write(output, "sync", $"concurrency sync: seed {race.Seed}, {tally.Counts}, {committed.Count} assessments committed, "
            + $"{missed} missed by the changes feed ({polls} polls, {repeated} seen twice, {backwards} positions going back), {missedByWalks} missed by {walks} listing walks");
        Assert.True(tally.Errors + tally.Unavailable == 0, string.Join("\n", tally.Samples));
        Assert.Equal((0, 0, 0, 0), (missed, repeated, backwards, missedByWalks));
    }

    private static async Task<HashSet<Guid>> WalkAsync(HttpClient http, Tally tally, int limit)
    {
        var ids = new HashSet<Guid>();
        string? cursor = null;
        for (var pages = 0; pages < 10_000; pages++)
        {
            var url = cursor is null ? $"/v1/assessments?limit={limit}" : $"/v1/assessments?limit={limit}&cursor={Uri.EscapeDataString(cursor)}";
            var page = (await (await tally.SendAsync("listing", () => http.GetAsync(url))).Content.ReadFromJsonAsync<JsonObject>())!;
            foreach (var item in page["items"]!.AsArray())
            {
                ids.Add(item!["id"]!.GetValue<Guid>());
            }

            cursor = page["next"]?.GetValue<string>();
            if (cursor is null)
            {
                return ids;
            }
        }

        return ids;
    }
}
