// Bulk screening over HTTP next to a raw binary COPY of the same rows, in the same run.
// Usage: RecruitSignal.Bench <service url> <api key> <connection string> [batches=5] [items=1000] [warm-up seconds=0]
// The warm-up posts batches of new candidates (not timed) for that long first; every item is a new candidate.
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
var warmUpFor = TimeSpan.FromSeconds(args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 0);
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
var next = 0;
async Task PostBatchAsync()
{
    var items = new JsonArray();
    for (var i = 0; i < itemsPerBatch; i++)
    {
        items.Add(Item(next++));
    }

    var response = await http.PostAsJsonAsync("/v1/screenings/batch", new JsonObject { ["items"] = items });
    response.EnsureSuccessStatusCode();
}

var warmUp = Stopwatch.StartNew();
do
{
    await PostBatchAsync();
}
while (warmUp.Elapsed < warmUpFor);

Console.Error.WriteLine($"warm-up: {next:N0} items in {warmUp.Elapsed.TotalSeconds:N0} s");
var service = Stopwatch.StartNew();
for (var b = 0; b < batches; b++)
{
    await PostBatchAsync();
}

service.Stop();
var lastBatchAt = DateTimeOffset.UtcNow; // bench/run.sh samples the service's RSS until 60 s after this
var total = batches * itemsPerBatch;

// 2. The floor: the same rows binary-COPYed straight into the three tables the service writes
// (candidates, observations, assessments, with their keys and indexes), in one transaction per batch,
// for a tenant of its own. What the service adds on top: HTTP, JSON, validation, scoring, the upsert,
// the audit chain and the outbox.
await using var dataSource = NpgsqlDataSource.Create(connectionString);
Guid tenantId;
await using (var setup = dataSource.CreateCommand("insert into tenants (id, name, created_at) values (gen_random_uuid(), 'copy-baseline', now()) returning id"))
{
    tenantId = (Guid)(await setup.ExecuteScalarAsync())!;
}

string[] reasonCodes = ["ACCOUNT_FOUND", "HOLDS_CONVERSATIONS", "AUTHORED_POST_IN_30_DAYS", "BIO_MATCHES_TERMS", "POSTS_MATCH_TERMS"];
string[] terms = ["kubernetes", "observability"];
const string Factors = """
    [{"factor":"presence","weight":10,"points":10,"detail":"The account exists and is public."},{"factor":"recency","weight":25,"points":25,"detail":"Newest own post or reply 3 days before the observation (full points within 7 days, none after 90)."},{"factor":"cadence","weight":20,"points":17.5,"detail":"21 own posts and replies in 90 days, 7 per 30 days (full points at 8)."},{"factor":"conversation","weight":15,"points":10.5,"detail":"7 replies to others in the window (full points at 10)."},{"factor":"authorship","weight":10,"points":8.75,"detail":"21 of 24 posts in the window are the candidate's own (87.5%)."},{"factor":"relevance","weight":20,"points":18,"detail":"The bio mentions a relevance term (8 points); 7 of 14 original posts mention one (50%, full points at 50%)."},{"factor":"followers","weight":0,"points":0,"detail":"Followers are recorded but do not count: popularity is not modernity."}]
    """;
var copy = Stopwatch.StartNew();
await using (var connection = await dataSource.OpenConnectionAsync())
{
    for (var b = 0; b < batches; b++)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var rows = Enumerable.Range(b * itemsPerBatch, itemsPerBatch)
            .Select(n => (N: n, Candidate: Guid.CreateVersion7(), Observation: Guid.CreateVersion7(), Assessment: Guid.CreateVersion7()))
            .ToList();
        var now = DateTime.UtcNow;
        await using (var candidates = await connection.BeginBinaryImportAsync(
            "copy candidates (tenant_id, id, external_id, full_name, headline, twitter_handle, handle_ownership, created_at, updated_at) from stdin (format binary)"))
        {
            foreach (var row in rows)
            {
                await candidates.WriteRowAsync(default, tenantId, row.Candidate, $"bench-{row.N}", $"Candidate {row.N}", "Platform engineer", $"bench_{row.N % 100_000}", "ats", now, now);
            }

            await candidates.CompleteAsync();
        }

        await using (var observations = await connection.BeginBinaryImportAsync(
            "copy presence_observations (tenant_id, id, candidate_id, handle, source, status, observed_at, window_days, original_posts, replies, reposts, relevant_original_posts, last_authored_post_at, bio_matched_terms, created_at) from stdin (format binary)"))
        {
            foreach (var row in rows)
            {
                await observations.StartRowAsync();
                await observations.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                await observations.WriteAsync(row.Observation, NpgsqlDbType.Uuid);
                await observations.WriteAsync(row.Candidate, NpgsqlDbType.Uuid);
                await observations.WriteAsync($"bench_{row.N % 100_000}", NpgsqlDbType.Text);
                await observations.WriteAsync("declared", NpgsqlDbType.Text);
                await observations.WriteAsync("found", NpgsqlDbType.Text);
                await observations.WriteAsync(observedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                await observations.WriteAsync(90, NpgsqlDbType.Integer);
                await observations.WriteAsync(row.N % 40, NpgsqlDbType.Integer);
                await observations.WriteAsync(row.N % 25, NpgsqlDbType.Integer);
                await observations.WriteAsync(row.N % 15, NpgsqlDbType.Integer);
                await observations.WriteAsync(row.N % 40 / 2, NpgsqlDbType.Integer);
                await observations.WriteAsync(observedAt.UtcDateTime.AddDays(-(row.N % 60)), NpgsqlDbType.TimestampTz);
                await observations.WriteAsync(terms, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await observations.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await observations.CompleteAsync();
        }

        await using (var assessments = await connection.BeginBinaryImportAsync(
            "copy assessments (tenant_id, id, candidate_id, observation_id, policy_version, status, handle, handle_ownership, presence_tier, active_professional_presence, score, band, factors, reason_codes, relevance_terms, assessed_at, created_at) from stdin (format binary)"))
        {
            foreach (var row in rows)
            {
                await assessments.StartRowAsync();
                await assessments.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                await assessments.WriteAsync(row.Assessment, NpgsqlDbType.Uuid);
                await assessments.WriteAsync(row.Candidate, NpgsqlDbType.Uuid);
                await assessments.WriteAsync(row.Observation, NpgsqlDbType.Uuid);
                await assessments.WriteAsync("default@1", NpgsqlDbType.Text);
                await assessments.WriteAsync("completed", NpgsqlDbType.Text);
                await assessments.WriteAsync($"bench_{row.N % 100_000}", NpgsqlDbType.Text);
                await assessments.WriteAsync("ats", NpgsqlDbType.Text);
                await assessments.WriteAsync("engaged", NpgsqlDbType.Text);
                await assessments.WriteAsync(true, NpgsqlDbType.Boolean);
                await assessments.WriteAsync(row.N % 100, NpgsqlDbType.Integer);
                await assessments.WriteAsync("strong", NpgsqlDbType.Text);
                await assessments.WriteAsync(Factors, NpgsqlDbType.Jsonb);
                await assessments.WriteAsync(reasonCodes, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await assessments.WriteAsync(terms, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await assessments.WriteAsync(observedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                await assessments.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await assessments.CompleteAsync();
        }

        await transaction.CommitAsync();
    }
}

copy.Stop();

var serviceRate = total / service.Elapsed.TotalSeconds;
var copyRate = total / copy.Elapsed.TotalSeconds;
Console.WriteLine($"items:                 {total:N0} ({batches} batches of {itemsPerBatch:N0})");
Console.WriteLine($"bulk screening (HTTP): {service.Elapsed.TotalSeconds,8:N2} s  {serviceRate,10:N0} items/s");
Console.WriteLine($"raw binary COPY:       {copy.Elapsed.TotalSeconds,8:N2} s  {copyRate,10:N0} rows/s");
Console.WriteLine($"ratio service / COPY:  {serviceRate / copyRate,8:N2}");
Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { items = total, serviceItemsPerSecond = Math.Round(serviceRate), copyRowsPerSecond = Math.Round(copyRate), lastBatchAt = lastBatchAt.ToUnixTimeMilliseconds() / 1000.0 }));
return 0;
