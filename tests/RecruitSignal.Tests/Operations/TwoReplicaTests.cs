using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using RecruitSignal.Database;
using RecruitSignal.Tenants;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.XApi;

namespace RecruitSignal.Tests.Operations;

/// <summary>
/// Two real service processes on one PostgreSQL database, as behind a load balancer: what each replica does
/// alone must still happen exactly once, and what one knows the other must know.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class TwoReplicaTests(ApiFixture api)
{
    private const int Lookups = 12;

    [Fact]
    public async Task TwoReplicasShareOneDatabaseWithoutDoingAnythingTwiceOrLosingAnything()
    {
        var database = await api.Server.CreateDatabaseAsync();
        await using var x = await FakeXApi.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var environment = ServiceProcess.Environment(database);
        foreach (var (name, value) in new Dictionary<string, string?>
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["RateLimits__PermitLimit"] = "1000000",
            ["XApi__BaseUrl"] = x.BaseUrl,
            ["XApi__BearerToken"] = FakeXApi.Token,
            ["XApi__PollInterval"] = "00:00:00.100",
            ["XApi__BatchSize"] = "2",
            ["Webhooks__PollInterval"] = "00:00:00.100",
            ["Webhooks__BatchSize"] = "2",
            ["Webhooks__AllowPrivateTargets"] = "true",
        })
        {
            environment[name] = value;
        }

        // 1. Both start at once on an empty database: the migrations run once, in turns, and both are ready.
        var starting = new[] { ServiceProcess.StartAsync(environment), ServiceProcess.StartAsync(environment) };
        await Task.WhenAll(starting);
        using var a = await starting[0];
        using var b = await starting[1];
        await using var connection = new NpgsqlConnection(database);
        Assert.Equal(Migrations.All.Count, await connection.ExecuteScalarAsync<long>("select count(*) from schema_migrations"));

        await using var dataSource = NpgsqlDataSource.Create(database);
        var key = (await new TenantStore(dataSource, TimeProvider.System).CreateAsync("replicas", CancellationToken.None)).ApiKey;
        using var onA = Client(a, key);
        using var onB = Client(b, key);

        // 2. Lookups queued through both replicas, webhooks subscribed: each job and each delivery is done exactly once.
        Assert.Equal(HttpStatusCode.Created, (await onA.PostAsJsonAsync("/v1/webhooks",
            new { url = receiver.Url, events = new[] { "assessment.created", "assessment.completed" } })).StatusCode);
        var pending = new List<Guid>();
        for (var i = 0; i < Lookups; i++)
        {
            x.Add($"replica_{i}").Posts.Add(new FakePost("kubernetes", DateTimeOffset.UtcNow.AddDays(-1)));
            var via = i % 2 == 0 ? onA : onB;
            pending.Add((await (await via.PostAsJsonAsync("/v1/screenings",
                LookupRequests.HandleOnly($"ext-{i}", $"replica_{i}", LookupRequests.Grant))).ReadAssessmentAsync()).Id);
        }

        await WaitAsync(async () => await connection.ExecuteScalarAsync<long>(
            "select count(*) from webhook_deliveries where status = 'succeeded'") == 2 * Lookups, "every lookup and delivery to finish");
        Assert.All(Enumerable.Range(0, Lookups), i => Assert.Equal(1, x.UserLookups($"replica_{i}")));
        Assert.Equal(Lookups, await connection.ExecuteScalarAsync<long>("select count(*) from presence_lookup_jobs where status = 'completed' and attempts = 1"));
        Assert.Equal(Lookups, await connection.ExecuteScalarAsync<long>("select count(*) from assessments where status = 'completed'"));
        var received = receiver.Received.ToList();
        Assert.Equal(2 * Lookups, received.Count);
        Assert.All(received.GroupBy(d => d.EventId), delivery => Assert.Single(delivery));

        // 3. An Idempotency-Key used on A, retried on B: B answers A's answer and writes nothing.
        var idempotencyKey = Guid.NewGuid().ToString();
        var first = await PostWithKeyAsync(onA, idempotencyKey);
        var replay = await PostWithKeyAsync(onB, idempotencyKey);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(Lookups + 1, await connection.ExecuteScalarAsync<long>("select count(*) from assessments"));

        // 4. A key revoked through A is refused by both within a second.
        var made = JsonNode.Parse(await (await onA.PostAsJsonAsync("/v1/keys", new { name = "short-lived", scopes = new[] { "read" } })).Content.ReadAsStringAsync())!;
        using var shortOnA = Client(a, (string)made["key"]!);
        using var shortOnB = Client(b, (string)made["key"]!);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), ((await shortOnA.GetAsync("/v1/assessments")).StatusCode, (await shortOnB.GetAsync("/v1/assessments")).StatusCode));
        Assert.Equal(HttpStatusCode.NoContent, (await onA.DeleteAsync($"/v1/keys/{made["apiKey"]!["id"]}")).StatusCode);
        var revokedAt = Stopwatch.StartNew();
        // The last probe each replica still accepted, counted from the moment that probe was sent: a busy machine slows
        // the answers (and so delays the first refusal seen), not the rule, which is about when a request arrives.
        var acceptedUntil = await Task.WhenAll(LastAcceptedAsync(shortOnA, revokedAt), LastAcceptedAsync(shortOnB, revokedAt));
        Assert.All(acceptedUntil, until => Assert.True(until < TimeSpan.FromSeconds(1), $"a replica accepted the revoked key on a request sent {until.TotalMilliseconds:0} ms after"));
        var seenRevokedAfter = acceptedUntil.Max();

        // 5. SIGTERM to B under load: B finishes what it accepted and exits 0, A keeps serving, nothing is lost.
        var answered = new List<Guid>();
        var refusedByB = 0;
        var failures = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 150 && !stop.IsCancellationRequested; i++)
            {
                // As a load balancer would: B first while it takes connections, then A.
                var targets = Volatile.Read(ref refusedByB) == 0 && i % 2 == 0 ? new[] { onB, onA } : [onA];
                foreach (var target in targets)
                {
                    try
                    {
                        var response = await target.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional($"load-{worker}-{i}"));
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var id = (await response.ReadAssessmentAsync()).Id;
                            lock (answered) { answered.Add(id); }
                        }
                        else
                        {
                            lock (failures) { failures.Add($"answered {response.StatusCode}"); }
                        }

                        break;
                    }
                    catch (HttpRequestException e) when (target == onB && NotAccepted(e))
                    {
                        Interlocked.Increment(ref refusedByB);
                    }
                }
            }
        })).ToList();
        await Task.Delay(1000);
        b.Terminate();
        var bExited = await Task.Run(() => b.WaitForExit(TimeSpan.FromSeconds(20)));
        await Task.WhenAll(load);
        var afterB = await onA.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional("after-b"));

        Assert.True(bExited, "B did not exit within 20 s of SIGTERM");
        Assert.Equal(0, b.ExitCode);
        Assert.Empty(failures);
        Assert.True(refusedByB > 0, "B never refused a connection: SIGTERM came after the load");
        Assert.Equal(HttpStatusCode.Created, afterB.StatusCode);
        var stored = (await connection.QueryAsync<Guid>("select id from assessments where candidate_id in (select id from candidates where external_id like 'load-%')")).ToHashSet();
        Assert.Equal(answered.Order(), stored.Order());
        Console.WriteLine($"Two replicas: migrations {Migrations.All.Count} applied once; {Lookups} lookups and {2 * Lookups} deliveries each done once; "
            + $"idempotent replay across replicas; revoked key last accepted on a request sent {seenRevokedAfter.TotalMilliseconds:0} ms after the revocation, refused by both after that; "
            + $"SIGTERM to B: {answered.Count} screenings answered and stored, {refusedByB} refused by B and served by A, B exit code {b.ExitCode}.");
    }

    /// <summary>Probes until the key is refused; returns when the last probe it accepted was sent (zero if none was).</summary>
    private static async Task<TimeSpan> LastAcceptedAsync(HttpClient client, Stopwatch sinceRevocation)
    {
        var lastAccepted = TimeSpan.Zero;
        while (sinceRevocation.Elapsed < TimeSpan.FromSeconds(10))
        {
            var sentAt = sinceRevocation.Elapsed;
            if ((await client.GetAsync("/v1/assessments")).StatusCode == HttpStatusCode.Unauthorized)
            {
                return lastAccepted;
            }

            lastAccepted = sentAt;
            await Task.Delay(50);
        }

        return sinceRevocation.Elapsed;
    }

    private static HttpClient Client(ServiceProcess replica, string key)
    {
        var client = new HttpClient { BaseAddress = replica.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        client.DefaultRequestHeaders.ConnectionClose = true; // a refused connection then means "not accepted", unambiguously
        return client;
    }

    private static Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/screenings") { Content = JsonContent.Create(Requests.EngagedProfessional("idem-1")) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    private static bool NotAccepted(HttpRequestException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.ConnectionReset }
        || e.InnerException is IOException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionReset } }
        || e.InnerException is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded };

    private static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await done())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Waited 30 s for {what}.");
    }
}
