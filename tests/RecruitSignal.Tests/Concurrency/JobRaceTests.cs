using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RecruitSignal.Rescoring;
using RecruitSignal.Tenants;
using RecruitSignal.Tests.Integration;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.Concurrency;

/// <summary>
/// Issue 25, races 4, 6 and 7: bulk rescoring while candidates are held by others (refreshes, erasures) and while
/// one candidate's lookup waits for budget; concurrent rotations of one key.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class JobRaceTests(ApiFixture api, ITestOutputHelper output)
{
    // Scaled up (RECRUITSIGNAL_CONCURRENCY_SCALE > 1), the sizes: jobs over 400 candidates, six of them at
    // once, twelve refreshes holding candidates.
    private static readonly int Candidates = Math.Min(60 * RaceService.Scale, 400);
    private static readonly int Jobs = RaceService.Scale > 1 ? 6 : 4;
    private static readonly int Holders = RaceService.Scale > 1 ? 12 : 8;

    [Fact]
    public async Task RescoringJobsRacingCandidateLocksNeitherSkipNorCopyUnfinishedEvidence()
    {
        await using var race = await RaceService.StartAsync(api);
        var (tenantId, http) = await race.NewTenantAsync();
        var tally = new Tally();
        var random = new Random(race.Seed);
        var batch = new JsonObject { ["items"] = new JsonArray([.. Enumerable.Range(0, Candidates).Select(i => (JsonNode)Requests.EngagedProfessional($"job-{i}"))]) };
        Assert.Equal(HttpStatusCode.OK, (await tally.SendAsync("batch", () => http.PostAsJsonAsync("/v1/screenings/batch", batch))).StatusCode);
        await using var connection = new NpgsqlConnection(race.ConnectionString);
        var candidateIds = (await connection.QueryAsync<Guid>("select id from candidates where tenant_id = @tenantId", new { tenantId })).ToList();
        // One candidate whose latest assessment waits for X reads, as a lookup past the monthly cap leaves it.
        var waiting = candidateIds[random.Next(candidateIds.Count)];
        await connection.ExecuteAsync(
            "update assessments set status = 'budget_exhausted' where tenant_id = @tenantId and candidate_id = @waiting", new { tenantId, waiting });

        var jobs = await Task.WhenAll(Enumerable.Range(0, Jobs).Select(_ => tally.SendAsync("job", () => http.PostAsync("/v1/rescoring-jobs", null))));
        var jobIds = new List<Guid>();
        foreach (var job in jobs)
        {
            jobIds.Add((await job.Content.ReadFromJsonAsync<RescoringJobResponse>(Infrastructure.Json.Options))!.Id);
        }

        // Refreshes hold a candidate's row lock for a moment; so does an erasure until it commits. Hold random ones
        // while the workers run, as that many concurrent refreshes would.
        var working = true;
        var holders = Enumerable.Range(0, Holders).Select(h => Task.Run(async () =>
        {
            var local = new Random(race.Seed + h);
            for (var i = 0; i < 200 * RaceService.Scale && Volatile.Read(ref working); i++)
            {
                await using var holder = new NpgsqlConnection(race.ConnectionString);
                await holder.OpenAsync();
                await using var tx = await holder.BeginTransactionAsync();
                await holder.ExecuteAsync("select id from candidates where tenant_id = @tenantId and id = @id for update",
                    new { tenantId, id = candidateIds[local.Next(candidateIds.Count)] }, tx);
                await Task.Delay(local.Next(2, 25));
                await tx.CommitAsync();
            }
        })).ToList();
        var worker = race.Factory.Services.GetRequiredService<RescoringWorker>();
        var failures = 0;
        var workers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            for (var round = 0; round < 500 * RaceService.Scale; round++)
            {
                try
                {
                    if (!await worker.ProcessOnceAsync(CancellationToken.None))
                    {
                        return;
                    }
                }
                catch (Exception e) when (Database.Contention.IsContention(e))
                {
                    // the polling loop retries a chunk that lost a deadlock; so does this one
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                    throw;
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        Volatile.Write(ref working, false);
        await Task.WhenAll(holders);

        var finished = new List<RescoringJobResponse>();
        foreach (var id in jobIds)
        {
            finished.Add((await (await tally.SendAsync("job", () => http.GetAsync($"/v1/rescoring-jobs/{id}"))).Content.ReadFromJsonAsync<RescoringJobResponse>(Infrastructure.Json.Options))!);
        }

        var skippedSilently = finished.Sum(job => job.Total - job.Processed - job.Skipped);
        var unfinished = finished.Count(job => job.Status != RescoringJobStatus.Completed);
        var copies = await connection.ExecuteScalarAsync<long>(
            "select count(*) from assessments where tenant_id = @tenantId and candidate_id = @waiting and status = 'budget_exhausted'", new { tenantId, waiting });
        RaceReport.Write(output, "rescoring", $"concurrency rescoring: seed {race.Seed}, {jobIds.Count} jobs over {Candidates} candidates with {Holders} lock holders, "
            + $"{unfinished} not completed, {skippedSilently} candidates stranded or skipped, {finished.Sum(job => job.Skipped)} counted as waiting for evidence, "
            + $"{copies - 1} copies of unfinished evidence, {failures} worker failures");
        Assert.Equal((0, 0, 1L, 0), (unfinished, skippedSilently, copies, failures));
        Assert.All(finished, job => Assert.Equal((Candidates - 1, 1), (job.Processed, job.Skipped)));
    }

    [Fact]
    public async Task OfConcurrentRotationsOfOneKeyExactlyOneWinsAndTheOthersAreToldSo()
    {
        await using var race = await RaceService.StartAsync(api);
        var (tenantId, _) = await race.NewTenantAsync();
        var keys = race.Factory.Services.GetRequiredService<ApiKeyStore>();
        var winners = 0;
        var told = 0;
        const int Rounds = 10;
        for (var round = 0; round < Rounds; round++)
        {
            var (key, _) = await keys.CreateAsync(tenantId, $"rotated-{round}", ApiScopes.All, null, CancellationToken.None);
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => keys.RotateAsync(tenantId, key.Id, TimeSpan.FromHours(1), CancellationToken.None))));
            var won = outcomes.Where(o => o.Rotated is not null).ToList();
            winners += won.Count;
            told += outcomes.Count(o => won.Count == 1 && o.AlreadyRotatedTo == won[0].Rotated!.New.Id);
        }

        var active = (await keys.ListAsync(tenantId, CancellationToken.None)).Count(k => k.Name.StartsWith("rotated-", StringComparison.Ordinal) && k.RevokedAt is null);
        RaceReport.Write(output, "keys-rotate", $"concurrency keys rotate: {Rounds} rounds of 3 rotations, {winners} won, {told} told it was already rotated, {active} keys (old and new)");
        Assert.Equal((Rounds, 2 * Rounds, 2 * Rounds), (winners, told, active));
    }
}
