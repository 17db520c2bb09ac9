using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Tenants;
using RecruitSignal.Tests.Contract;
using RecruitSignal.Tests.Fuzz;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.XApi;
using Xunit.Abstractions;

namespace RecruitSignal.Tests.Concurrency;

/// <summary>
/// A service of its own for the races: its own database, no rate limits in the way, and the background workers
/// (webhook dispatcher, rescoring) driven by the races themselves so that they run exactly when the race wants them.
/// Seeded: RECRUITSIGNAL_CONCURRENCY_SEED replays the interleavings the races choose (default: today's date).
/// </summary>
public sealed class RaceService : IAsyncDisposable
{
    public const string SeedVariable = "RECRUITSIGNAL_CONCURRENCY_SEED";

    /// <summary>
    /// RECRUITSIGNAL_CONCURRENCY_SCALE multiplies every race's counts and its time budget (default 1, what CI runs;
    /// 30 reruns the races at about the scale the issue measured them).
    /// </summary>
    public const string ScaleVariable = "RECRUITSIGNAL_CONCURRENCY_SCALE";

    public static readonly int Scale =
        int.TryParse(Environment.GetEnvironmentVariable(ScaleVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var scale) && scale is >= 1 and <= 100 ? scale : 1;

    /// <summary>A race stops starting new work after this long, whatever its count, so a loaded machine stays bounded.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(12) * Scale;

    private readonly FakeXApi _x;

    private RaceService(ApiFactory factory, FakeXApi x, string connectionString, int seed) =>
        (Factory, _x, ConnectionString, Seed) = (factory, x, connectionString, seed);

    /// <summary>An account the fake X knows, with a post, for screenings that queue a lookup.</summary>
    public const string Handle = "race_user";

    public ApiFactory Factory { get; }

    public string ConnectionString { get; }

    public int Seed { get; }

    public static async Task<RaceService> StartAsync(ApiFixture api)
    {
        var x = await FakeXApi.StartAsync();
        x.Add(Handle).Posts.Add(new FakePost("kubernetes at scale", DateTimeOffset.UtcNow.AddDays(-1)));
        var database = await api.Server.CreateDatabaseAsync();
        var factory = new ApiFactory(database, new Dictionary<string, string?>
        {
            ["XApi:BaseUrl"] = x.BaseUrl,
            ["XApi:BearerToken"] = FakeXApi.Token,
            ["XApi:WorkerEnabled"] = "false",
            ["XApi:HttpRetryDelay"] = "00:00:00.010",
            ["Webhooks:AllowPrivateTargets"] = "true",
            ["Webhooks:DispatcherEnabled"] = "false",
            ["Rescoring:Enabled"] = "false",
            ["RateLimits:PermitLimit"] = "1000000",
            ["CandidatePages:PerAddressPerMinute"] = "100000",
            ["CandidatePages:PerTokenPerMinute"] = "100000",
        });
        factory.StartServer();
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var chosen)
            ? chosen
            : int.Parse(DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return new RaceService(factory, x, database, seed);
    }

    /// <summary>A new tenant and a plain client of it (no contract check: a 500 is counted, not thrown).</summary>
    public async Task<(Guid TenantId, HttpClient Http)> NewTenantAsync()
    {
        var tenant = await Factory.Services.GetRequiredService<TenantStore>().CreateAsync($"race-{Guid.NewGuid():N}", CancellationToken.None);
        var http = Factory.CreateDefaultClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        return (tenant.TenantId, http);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _x.DisposeAsync();
    }
}

/// <summary>What a race's requests were answered; 500s and 503s (the database is up all along) are failures.</summary>
public sealed class Tally
{
    private int _requests;
    private int _errors;
    private int _unavailable;
    private readonly ConcurrentQueue<string> _samples = new();
    private readonly ConcurrentDictionary<string, int> _byKind = new();

    public int Requests => _requests;

    public int Errors => _errors;

    public int Unavailable => _unavailable;

    public IEnumerable<string> Samples => _samples.Take(5);

    public async Task<HttpResponseMessage> SendAsync(string what, Func<Task<HttpResponseMessage>> call)
    {
        var response = await call();
        Interlocked.Increment(ref _requests);
        _byKind.AddOrUpdate(what, 1, (_, count) => count + 1);
        if (response.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable)
        {
            if (response.StatusCode == HttpStatusCode.InternalServerError)
            {
                Interlocked.Increment(ref _errors);
            }
            else
            {
                Interlocked.Increment(ref _unavailable);
            }

            _samples.Enqueue($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    public void Failure(string sample)
    {
        Interlocked.Increment(ref _errors);
        _samples.Enqueue(sample);
    }

    /// <summary>"8040 requests (4500 screening, 240 batch, ...), 0 answered 500, 0 answered 503".</summary>
    public string Counts =>
        $"{_requests} requests ({string.Join(", ", _byKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Value} {k.Key}"))}), "
        + $"{_errors} answered 500, {_unavailable} answered 503";
}

public static class RaceReport
{
    /// <summary>Prints the race's one line (the test output, and scripts/test.sh's end-of-run reports).</summary>
    public static void Write(ITestOutputHelper output, string race, string line)
    {
        output.WriteLine(line);
        RepositoryFiles.Report($"concurrency-{race}", line);
    }

    /// <summary>Runs <paramref name="work"/> <paramref name="count"/> times (times the scale) or until the race's budget is spent.</summary>
    public static async Task RepeatAsync(int count, DateTime until, Func<int, Task> work)
    {
        for (var i = 0; i < count * RaceService.Scale && DateTime.UtcNow < until; i++)
        {
            await work(i);
        }
    }
}
