using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

// A small HTTP load generator for bench/run.sh. Closed loop ("saturate": N workers back to back) measures
// throughput; open loop ("rate": requests started on a fixed schedule whatever the answers) measures
// latency without coordinated omission, which wrk and hey cannot do at a fixed rate.
// Usage: loadgen <screen|read|page|send-test|test-status> <saturate|rate> --url U --key K [--seconds S] [--warmup W]
//        [--concurrency C] [--rate R] [--ids FILE] [--seed N] [--tag T] [--idempotency]
//        loadgen page setup --url U --key K --ids CANDIDATE_IDS [--concurrency C]   (prints one invitation token a line)
// --idempotency sends a new Idempotency-Key with every screening ("<tag>-<seed>-<n>"), as the README asks of an ATS.
// page answers the invitations whose tokens --ids holds (CandidatePageTarget.cs); send-test places new Greenhouse orders
// and appends their ids to --ids when given; test-status reads the orders --ids holds (GreenhouseTarget.cs).
// Every screening is a new candidate: externalIds are "<tag>-<seed>-<n>" and n only grows, warm-up included.
// Prints one JSON object with the measurements.

var options = Options.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    BaseAddress = new Uri(options.Url),
    Timeout = TimeSpan.FromSeconds(30),
};
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Key);

var ids = options.Target is "read" or "page" or "test-status" ? File.ReadAllLines(options.IdsFile!).Where(l => l.Length > 0).ToArray() : [];
var createdIds = new System.Collections.Concurrent.ConcurrentQueue<string>();
var sequence = 0L;
var run = $"{options.Tag}-{options.Seed}";
var random = new Random(options.Seed);
if (options.Mode == "setup")
{
    return await CandidatePageTarget.SetupAsync(http, ids, options.Concurrency);
}

async Task<bool> SendAsync()
{
    var n = Interlocked.Increment(ref sequence);
    switch (options.Target)
    {
        case "page":
            return await CandidatePageTarget.AnswerAsync(options.Url, options.Concurrency, ids, n);
        case "send-test":
            return await GreenhouseTarget.SendTestAsync(http, options.Key, run, n, createdIds);
        case "test-status":
            return await GreenhouseTarget.TestStatusAsync(http, options.Key, ids[NextRandom(ids.Length)]);
    }

    if (options.Target == "read")
    {
        using var get = await http.GetAsync($"/v1/assessments/{ids[NextRandom(ids.Length)]}");
        return get.IsSuccessStatusCode;
    }

    using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/screenings")
    {
        Content = new StringContent(ScreeningBody(run, n), Encoding.UTF8, "application/json"),
    };
    if (options.Idempotency)
    {
        request.Headers.Add("Idempotency-Key", $"{run}-{n}");
    }

    using var post = await http.SendAsync(request);
    if (post.IsSuccessStatusCode && options.IdsFile is not null && post.Headers.Location is { } location)
    {
        createdIds.Enqueue(location.OriginalString[(location.OriginalString.LastIndexOf('/') + 1)..]);
    }

    return post.IsSuccessStatusCode;
}

int NextRandom(int max)
{
    lock (random)
    {
        return random.Next(max);
    }
}

var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
var errors = 0;
var duration = TimeSpan.FromSeconds(options.Seconds);
var clock = Stopwatch.StartNew();

async Task MeasureAsync(TimeSpan scheduledAt)
{
    bool ok;
    try
    {
        ok = await SendAsync();
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        ok = false;
    }

    if (!ok)
    {
        Interlocked.Increment(ref errors);
    }

    latencies.Add((clock.Elapsed - scheduledAt).TotalMilliseconds);
}

if (options.Mode == "saturate")
{
    var workers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
    {
        while (clock.Elapsed < duration)
        {
            await MeasureAsync(clock.Elapsed);
        }
    });
    await Task.WhenAll(workers);
}
else
{
    // Warm up at the same rate first (connections, JIT and tiered PGO on both sides), then measure from a fresh clock.
    await RunAtRateAsync(TimeSpan.FromSeconds(options.Warmup), record: false);
    latencies.Clear();
    errors = 0;
    clock.Restart();
    await RunAtRateAsync(duration, record: true);
}

async Task RunAtRateAsync(TimeSpan length, bool record)
{
    var inFlight = new List<Task>();
    var interval = 1.0 / options.Rate;
    var start = clock.Elapsed;
    for (var i = 0; ; i++)
    {
        var scheduledAt = start + TimeSpan.FromSeconds(i * interval);
        if (scheduledAt - start >= length)
        {
            break;
        }

        var wait = scheduledAt - clock.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait);
        }

        inFlight.Add(record ? MeasureAsync(scheduledAt) : SendQuietlyAsync());
    }

    await Task.WhenAll(inFlight);
}

async Task SendQuietlyAsync()
{
    try
    {
        await SendAsync();
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        // warm-up only
    }
}

var elapsed = clock.Elapsed.TotalSeconds;
if (options.IdsFile is not null && options.Target is "screen" or "send-test")
{
    await File.AppendAllLinesAsync(options.IdsFile, createdIds);
}

var sorted = latencies.Order().ToArray();
double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
Console.WriteLine(JsonSerializer.Serialize(new
{
    target = options.Target,
    mode = options.Mode,
    requests = sorted.Length,
    errors,
    seconds = Math.Round(elapsed, 2),
    throughput = Math.Round(sorted.Length / elapsed, 1),
    p50Ms = Math.Round(Percentile(0.50), 2),
    p99Ms = Math.Round(Percentile(0.99), 2),
    maxMs = Math.Round(sorted.LastOrDefault(), 2),
}));
return 0;

static string ScreeningBody(string run, long n)
{
    // Varied but realistic: distinct candidates, counts that walk through every tier.
    var original = (int)(n % 25);
    var replies = (int)(n * 7 % 17);
    var reposts = (int)(n * 3 % 11);
    var observedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
    return JsonSerializer.Serialize(new
    {
        candidate = new { externalId = $"bench-{run}-{n}", fullName = $"Candidate {n}", headline = "Platform engineer", twitter = $"bench_{n % 100000}" },
        job = new { title = "Senior platform engineer", keywords = Keywords },
        evidence = new
        {
            status = "found",
            observedAt,
            windowDays = 90,
            originalPosts = original,
            replies,
            reposts,
            lastAuthoredPostAt = observedAt.AddDays(-(n % 40)),
            followers = n % 5000,
            bio = "Kubernetes and observability",
            relevantOriginalPosts = original / 2,
        },
    }, JsonSerializerOptions.Web);
}

internal static partial class Program
{
    private static readonly string[] Keywords = ["kubernetes", "observability"];
}

internal sealed record Options(string Target, string Mode, string Url, string Key, int Seconds, int Warmup, int Concurrency, double Rate, string? IdsFile, int Seed, string Tag, bool Idempotency)
{
    public static Options Parse(string[] args)
    {
        if (args.Length < 2 || args[0] is not ("screen" or "read" or "page" or "send-test" or "test-status")
            || args[1] is not ("saturate" or "rate" or "setup") || (args[1] == "setup" && args[0] != "page"))
        {
            throw new ArgumentException("usage: loadgen <screen|read|page|send-test|test-status> <saturate|rate> (or: page setup) --url U --key K [--seconds S] [--warmup W] [--concurrency C] [--rate R] [--ids FILE] [--seed N] [--tag T] [--idempotency]");
        }

        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new Options(
            args[0],
            args[1],
            Value("--url") ?? "http://127.0.0.1:5080",
            Value("--key") ?? throw new ArgumentException("--key is required"),
            int.Parse(Value("--seconds") ?? "10", CultureInfo.InvariantCulture),
            int.Parse(Value("--warmup") ?? "30", CultureInfo.InvariantCulture),
            int.Parse(Value("--concurrency") ?? "32", CultureInfo.InvariantCulture),
            double.Parse(Value("--rate") ?? "100", CultureInfo.InvariantCulture),
            Value("--ids"),
            int.Parse(Value("--seed") ?? "12", CultureInfo.InvariantCulture),
            Value("--tag") ?? "bench",
            args.Contains("--idempotency"));
    }
}
