using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using RecruitSignal.Idempotency;

namespace RecruitSignal.Tests.Integration;

/// <summary>
/// A screening with an Idempotency-Key costs what one without does: one Npgsql batch (the key's claim, the rows, the
/// stored answer), then COMMIT or ROLLBACK, whatever the key's state. Commands are counted from Npgsql's "Npgsql"
/// activities that belong to the request's trace; COMMIT and ROLLBACK are not commands.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class IdempotencyRoundTripTests(ApiFixture api) : IDisposable
{
    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> _commands = new();
    private readonly ActivityListener _listener = new();

    [Fact]
    public async Task NewKeyReplayAndAnotherBodyAreEachOneBatch()
    {
        StartListening();
        var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();
        await tenant.Http.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional("warm-up")); // the API key and the policy are cached after it

        var (first, firstCommands) = await PostAsync(tenant, Requests.EngagedProfessional(), key);
        var (replay, replayCommands) = await PostAsync(tenant, Requests.EngagedProfessional(), key);
        var (other, otherCommands) = await PostAsync(tenant, Requests.EngagedProfessional().With("evidence.replies", 3), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.True(replay.Headers.Contains(ReplayResult.ReplayedHeader));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.True(firstCommands.Count == 1, $"new key: {string.Join(" | ", firstCommands)}");
        Assert.True(replayCommands.Count == 1, $"replay: {string.Join(" | ", replayCommands)}");
        Assert.True(otherCommands.Count == 1, $"another body: {string.Join(" | ", otherCommands)}");
        Assert.Equal(2, (await api.RowCountsAsync(tenant.TenantId))["assessments"]);
    }

    [Fact]
    public async Task AKnownCandidatesIdIsTheOneSentStoredAndReplayedUnderTheIdempotencyKey()
    {
        var tenant = await api.NewTenantAsync();
        var earlier = await tenant.Http.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional("known-1"));
        var candidateId = (await earlier.Content.ReadFromJsonAsync<JsonObject>())!["candidateId"]!.GetValue<string>();
        var key = Guid.NewGuid().ToString();

        var first = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional("known-1").With("evidence.replies", 4), key);
        var replay = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional("known-1").With("evidence.replies", 4), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(candidateId, (await first.Content.ReadFromJsonAsync<JsonObject>())!["candidateId"]!.GetValue<string>());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.True(replay.Headers.Contains(ReplayResult.ReplayedHeader));
    }

    [Fact]
    public async Task AnExpiredAnswerNotYetPurgedIsReplacedByTheNewIdempotencyRequest()
    {
        var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();
        var first = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.ExecuteAsync("update idempotency_keys set expires_at = now() - interval '1 minute' where tenant_id = @id", new { id = tenant.TenantId });
        }

        var again = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);
        var replay = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.NotEqual(first.Headers.Location, again.Headers.Location);
        Assert.Equal(again.Headers.Location, replay.Headers.Location);
        Assert.Equal(2, (await api.RowCountsAsync(tenant.TenantId))["assessments"]);
    }

    [Fact]
    public async Task AKeyHeldByARunningTransactionIs409AndWritesNothingUnderIdempotency()
    {
        var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();
        await using var holder = new NpgsqlConnection(api.ConnectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        // The lock a running request with this key holds (IdempotencyStore.LockKey), taken here by hand.
        var lockKey = BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData([.. tenant.TenantId.ToByteArray(), .. System.Text.Encoding.UTF8.GetBytes(key)]), 0);
        await holder.ExecuteAsync("select pg_advisory_xact_lock(@lockKey)", new { lockKey }, tx);

        var held = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);
        await tx.RollbackAsync();
        var after = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);

        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        Assert.NotNull(held.Headers.RetryAfter);
        Assert.Null(held.Headers.Location);
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(1, (await api.RowCountsAsync(tenant.TenantId))["assessments"]);
    }

    public void Dispose() => _listener.Dispose();

    private void StartListening()
    {
        _listener.ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore";
        _listener.Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded;
        _listener.ActivityStopped = activity =>
        {
            var text = (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement"))?.ToString() ?? "";
            if (activity.Source.Name == "Npgsql" && !IsCacheRefresh(text) && _commands.TryGetValue(activity.TraceId, out var commands))
            {
                commands.Enqueue(activity.DisplayName + ": " + text);
            }
        };
        ActivitySource.AddActivityListener(_listener);
    }

    // The API key's check and the tenant's active policy are cached for a time (500 ms, 5 s) and read again by whichever
    // request comes after it: on a loaded machine, any request here. They are not the screening's round trips.
    private static bool IsCacheRefresh(string text) =>
        text.Contains("from api_keys", StringComparison.Ordinal) || text.Contains("from tenant_settings", StringComparison.Ordinal);

    private async Task<(HttpResponseMessage Response, IReadOnlyList<string> Commands)> PostAsync(TenantClient tenant, JsonNode body, string key)
    {
        var trace = ActivityTraceId.CreateRandom();
        var commands = _commands.GetOrAdd(trace, _ => new ConcurrentQueue<string>());
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/screenings") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation(IdempotencyOptions.Header, key);
        // The client sends the current activity's trace as traceparent; the request and its commands continue it.
        using var parent = new Activity("idempotency-round-trips").SetParentId(trace, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        var response = await tenant.Http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return (response, [.. commands]);
    }
}
