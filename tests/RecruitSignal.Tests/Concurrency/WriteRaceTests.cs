using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Assessments;
using RecruitSignal.Invitations;
using RecruitSignal.Lookups;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.XApi;
using RecruitSignal.Webhooks;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.Concurrency;

/// <summary>
/// Issue 25, races 1 to 3: writes that reference a row another request deletes (a webhook subscription, a candidate
/// being erased) and the deadlocks between them. Each answer must be a success or a 404/409 a client can act on:
/// never a 500, never a 503 (the database is up all along), and a candidate page always answers a page.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class WriteRaceTests(ApiFixture api, ITestOutputHelper output)
{
    [Fact]
    public async Task ScreeningsPingsAndTheDispatcherRacingSubscriptionDeletesNeverFail()
    {
        await using var race = await RaceService.StartAsync(api);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, http) = await race.NewTenantAsync();
        var tally = new Tally();
        var random = new Random(race.Seed);
        var until = DateTime.UtcNow + RaceService.Budget;
        var running = true;
        var subscribe = () => tally.SendAsync("subscribe", () => http.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "assessment.created" } }));

        // Scaled up, the issue's mix: 12 writers, batches from 8 loops (about 9,000 screenings and 1,900 batches at 30).
        var writers = Enumerable.Range(0, RaceService.Scale > 1 ? 12 : 6).Select(w => RaceReport.RepeatAsync(25, until, i =>
            tally.SendAsync("screening", () => http.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional($"w{w}-{i}")))));
        var batches = Enumerable.Range(0, RaceService.Scale > 1 ? 8 : 1).Select(b => RaceReport.RepeatAsync(8, until, i => tally.SendAsync("batch", () => http.PostAsJsonAsync("/v1/screenings/batch",
            new JsonObject { ["items"] = new JsonArray([.. Enumerable.Range(0, 5).Select(j => (JsonNode)Requests.EngagedProfessional($"b{b}-{i}-{j}"))]) }))));
        var churn = RaceReport.RepeatAsync(25, until, async _ =>
        {
            var created = await (await subscribe()).Content.ReadFromJsonAsync<JsonObject>();
            await Task.Delay(random.Next(0, 15));
            await tally.SendAsync("delete", () => http.DeleteAsync($"/v1/webhooks/{created!["id"]}"));
        });
        var pings = RaceReport.RepeatAsync(20, until, async _ =>
        {
            var created = await (await subscribe()).Content.ReadFromJsonAsync<JsonObject>();
            var id = created!["id"]!.GetValue<string>();
            await Task.WhenAll(
                tally.SendAsync("ping", () => http.PostAsync($"/v1/webhooks/{id}/test", null)),
                tally.SendAsync("delete", () => http.DeleteAsync($"/v1/webhooks/{id}")));
        });
        var dispatcher = race.Factory.Services.GetRequiredService<WebhookDispatcher>();
        var dispatching = Task.Run(async () =>
        {
            for (var round = 0; round < 400 * RaceService.Scale && Volatile.Read(ref running); round++)
            {
                try
                {
                    await dispatcher.ProcessDueAsync(CancellationToken.None);
                }
                catch (Exception e)
                {
                    tally.Failure($"dispatcher: {e}");
                }

                await Task.Delay(10);
            }
        });

        await Task.WhenAll([.. writers, .. batches, churn, pings]);
        Volatile.Write(ref running, false);
        await dispatching;

        RaceReport.Write(output, "webhooks", $"concurrency webhooks: seed {race.Seed}, {tally.Counts}");
        Assert.True(tally.Errors + tally.Unavailable == 0, string.Join("\n", tally.Samples));
    }

    [Fact]
    public async Task WritesAboutACandidateRacingTheirErasureAnswer404NeverAFailureAndTheErasureWins()
    {
        await using var race = await RaceService.StartAsync(api);
        var (tenantId, http) = await race.NewTenantAsync();
        var tally = new Tally();
        var random = new Random(race.Seed);
        var until = DateTime.UtcNow + RaceService.Budget;
        var erased = 0;
        var rounds = 0;
        var lookups = race.Factory.Services.GetRequiredService<LookupWorker>();
        var grant = new JsonObject { ["granted"] = true, ["noticeVersion"] = "notice-2026", ["method"] = "ats_form" };
        await RaceReport.RepeatAsync(15, until, async round =>
        {
            rounds++;
            // Every other candidate waits for an X lookup, which the lookup worker runs during the erasure.
            var screening = round % 2 == 0 ? Requests.EngagedProfessional($"erase-{round}") : LookupRequests.HandleOnly($"erase-{round}", RaceService.Handle, grant);
            var assessment = await (await http.PostAsJsonAsync("/v1/screenings", screening)).ReadAssessmentAsync();
            var candidate = assessment.CandidateId;
            var writes = new List<Func<Task<HttpResponseMessage>>>
            {
                () => tally.SendAsync("consent", () => http.PostAsJsonAsync($"/v1/candidates/{candidate}/consent", new { granted = false, method = "email" })),
                () => tally.SendAsync("invitation", () => http.PostAsJsonAsync($"/v1/candidates/{candidate}/invitations", new { sendEmail = false })),
                () => tally.SendAsync("contest", () => http.PostAsJsonAsync($"/v1/assessments/{assessment.Id}/contest", new { objection = "Not my account." })),
                () => tally.SendAsync("review", () => http.PostAsJsonAsync($"/v1/assessments/{assessment.Id}/reviews", new { reviewer = "r", decision = "confirmed" })),
                () => tally.SendAsync("refresh", () => http.PostAsync($"/v1/candidates/{candidate}/refresh", null)),
                () => tally.SendAsync("rescore", () => http.PostAsync($"/v1/assessments/{assessment.Id}/rescore", null)),
            };
            var order = writes.OrderBy(_ => random.Next()).Select(write => write()).ToList();
            var erasure = tally.SendAsync("erasure", () => http.DeleteAsync($"/v1/candidates/{candidate}"));
            var lookup = Task.Run(async () =>
            {
                try
                {
                    await lookups.ProcessDueAsync(CancellationToken.None);
                }
                catch (Exception e)
                {
                    tally.Failure($"lookup worker: {e}");
                }
            });
            await Task.WhenAll([.. order, erasure, lookup]);
            if ((await erasure).StatusCode == HttpStatusCode.NoContent && (await http.GetAsync($"/v1/candidates/{candidate}")).StatusCode == HttpStatusCode.NotFound)
            {
                erased++;
            }
        });

        RaceReport.Write(output, "erasure", $"concurrency erasure: seed {race.Seed}, {rounds} rounds, {tally.Counts}, {rounds - erased} candidates not erased");
        Assert.True(tally.Errors + tally.Unavailable == 0, string.Join("\n", tally.Samples));
        Assert.Equal(rounds, erased);
    }

    [Fact]
    public async Task TwoDeclinesOnTheCandidatePageRacingAnErasureAlwaysAnswerAPage()
    {
        await using var race = await RaceService.StartAsync(api);
        var (_, http) = await race.NewTenantAsync();
        var tally = new Tally();
        var until = DateTime.UtcNow + RaceService.Budget;
        var notPages = 0;
        var rounds = 0;
        await RaceReport.RepeatAsync(8, until, async round =>
        {
            rounds++;
            var assessment = await (await http.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional($"page-{round}"))).ReadAssessmentAsync();
            var invited = await http.PostAsJsonAsync($"/v1/candidates/{assessment.CandidateId}/invitations", new { language = "fr", sendEmail = false });
            var link = new Uri((await invited.ReadAsync<CreatedInvitation>()).Url).AbsolutePath;
            using var first = new PageSession(race.Factory.CreateDefaultClient().BaseAddress!.ToString(), "fr");
            using var second = new PageSession(race.Factory.CreateDefaultClient().BaseAddress!.ToString(), "fr");
            await first.GetAsync(link);
            await second.GetAsync(link);
            var posts = new[] { first, second }.Select(page => tally.SendAsync("decline", () => page.PostAsync($"{link}/decline", "fr"))).ToList();
            var erasure = tally.SendAsync("erasure", () => http.DeleteAsync($"/v1/candidates/{assessment.CandidateId}"));
            await Task.WhenAll([.. posts, erasure]);
            foreach (var post in posts)
            {
                var answer = await post;
                if (answer.StatusCode != HttpStatusCode.Redirect && answer.Content.Headers.ContentType?.MediaType != "text/html")
                {
                    Interlocked.Increment(ref notPages);
                }
            }
        });

        RaceReport.Write(output, "candidate-page", $"concurrency candidate page: seed {race.Seed}, {rounds} rounds, {tally.Counts}, {notPages} answers not a page");
        Assert.True(tally.Errors + tally.Unavailable == 0, string.Join("\n", tally.Samples));
        Assert.Equal(0, notPages);
    }
}
