// Bulk screening over HTTP next to a raw binary COPY of the same rows, in the same run.
// Usage: RecruitSignal.Bench <service url> <api key> <connection string> [batches=5] [items=1000]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: RecruitSignal.Bench <service url> <api key> <connection string> [batches] [items]");
    return 2;
}

var (url, key, connectionString) = (args[0], args[1], args[2]);
var batches = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
var itemsPerBatch = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1000;
var observedAt = DateTimeOffset.UtcNow.AddHours(-1);

JsonObject Item(int n) => new()
{
    ["candidate"] = new JsonObject { ["externalId"] = $"bench-{n}", ["fullName"] = $"Candidate {n}", ["headline"] = "Platform engineer", ["twitter"] = $"@bench_{n % 100_000}" },
    ["job"] = new JsonObject { ["title"] = "Senior Platform Engineer", ["keywords"] = new JsonArray("kubernetes", "observability") },
    ["evidence"] = new JsonObject
    {
        ["status"] = "found", ["observedAt"] = observedAt, ["originalPosts"] = n % 40, ["replies"] = n % 25, ["reposts"] = n % 15,
        ["lastAuthoredPostAt"] = observedAt.AddDays(-(n % 60)), ["bio"] = "Kubernetes and observability", ["relevantOriginalPosts"] = n % 40 / 2,
    },
};

// 1. The service: N batches of 1,000 items over HTTP (validation, scoring, COPY + INSERT ... SELECT, outbox).
using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
var warmUp = await http.PostAsJsonAsync("/v1/screenings/batch", new JsonObject { ["items"] = new JsonArray(Item(-1)) });
warmUp.EnsureSuccessStatusCode();

var service = Stopwatch.StartNew();
for (var b = 0; b < batches; b++)
{
    var items = new JsonArray();
    for (var i = 0; i < itemsPerBatch; i++)
    {
        items.Add(Item(b * itemsPerBatch + i));
    }

    var response = await http.PostAsJsonAsync("/v1/screenings/batch", new JsonObject { ["items"] = items });
    response.EnsureSuccessStatusCode();
}

service.Stop();
var total = batches * itemsPerBatch;

// 2. The floor: the same number of rows, binary-COPYed straight into a scratch table shaped like the three written.
await using var dataSource = NpgsqlDataSource.Create(connectionString);
await using (var setup = dataSource.CreateCommand("""
    drop table if exists bench_copy;
    create unlogged table bench_copy (
        external_id text, full_name text, headline text, handle text, id uuid, presence_tier text, score int, band text,
        factors jsonb, reason_codes text[], observed_at timestamptz, original_posts int, replies int, reposts int)
    """))
{
    await setup.ExecuteNonQueryAsync();
}

string[] reasonCodes = ["ACCOUNT_FOUND"];
const string Factors = """[{"factor":"presence","weight":10,"points":10,"detail":"The account exists and is public."}]""";
var copy = Stopwatch.StartNew();
await using (var connection = await dataSource.OpenConnectionAsync())
{
    for (var b = 0; b < batches; b++)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "copy bench_copy (external_id, full_name, headline, handle, id, presence_tier, score, band, factors, reason_codes, observed_at, original_posts, replies, reposts) from stdin (format binary)");
        for (var i = 0; i < itemsPerBatch; i++)
        {
            var n = b * itemsPerBatch + i;
            await writer.StartRowAsync();
            await writer.WriteAsync($"bench-{n}", NpgsqlDbType.Text);
            await writer.WriteAsync($"Candidate {n}", NpgsqlDbType.Text);
            await writer.WriteAsync("Platform engineer", NpgsqlDbType.Text);
            await writer.WriteAsync($"bench_{n % 100_000}", NpgsqlDbType.Text);
            await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            await writer.WriteAsync("engaged", NpgsqlDbType.Text);
            await writer.WriteAsync(n % 100, NpgsqlDbType.Integer);
            await writer.WriteAsync("strong", NpgsqlDbType.Text);
            await writer.WriteAsync(Factors, NpgsqlDbType.Jsonb);
            await writer.WriteAsync(reasonCodes, NpgsqlDbType.Array | NpgsqlDbType.Text);
            await writer.WriteAsync(observedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(n % 40, NpgsqlDbType.Integer);
            await writer.WriteAsync(n % 25, NpgsqlDbType.Integer);
            await writer.WriteAsync(n % 15, NpgsqlDbType.Integer);
        }

        await writer.CompleteAsync();
    }
}

copy.Stop();

var serviceRate = total / service.Elapsed.TotalSeconds;
var copyRate = total / copy.Elapsed.TotalSeconds;
Console.WriteLine($"items:                 {total:N0} ({batches} batches of {itemsPerBatch:N0})");
Console.WriteLine($"bulk screening (HTTP): {service.Elapsed.TotalSeconds,8:N2} s  {serviceRate,10:N0} items/s");
Console.WriteLine($"raw binary COPY:       {copy.Elapsed.TotalSeconds,8:N2} s  {copyRate,10:N0} rows/s");
Console.WriteLine($"ratio COPY / service:  {copyRate / serviceRate,8:N1}x");
return 0;
