using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.XApi;

namespace RecruitSignal.Tests.Operations;

/// <summary>
/// One full run of the real process as a platform team runs it (JSON logs at Trace, /metrics on its own port, a
/// fake X and a webhook receiver on loopback): a screening, a lookup, a webhook delivery and key operations. Then
/// its logs and metrics are read as they would be at 3 a.m., and searched for what must never be in them.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed partial class ProductionRunTests(ApiFixture api)
{
    private const string Name = "Zephyrine Quillfeather";
    private const string Email = "zephyrine.quill@example.org";
    private const string Handle = "zquill_7731";
    private const string LookedUpHandle = "qz_lookup_4410";

    [Fact]
    public async Task AFullRunLogsJsonWithTraceIdsShowsItsMetricsAndNoSecretOrCandidateValue()
    {
        var database = await api.Server.CreateDatabaseAsync();
        await using var x = await FakeXApi.StartAsync();
        x.Add(LookedUpHandle).Posts.AddRange(Enumerable.Range(0, 12).Select(i => new FakePost($"kubernetes note {i}", DateTimeOffset.UtcNow.AddDays(-i - 1))));
        await using var receiver = await WebhookReceiver.StartAsync();
        var environment = ServiceProcess.Environment(database);
        var metricsPort = ServiceProcess.FreePort();
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__LogLevel__Default"] = "Trace",
            ["Telemetry__MetricsPort"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Telemetry__QueueSampleInterval"] = "00:00:01",
            ["XApi__BaseUrl"] = x.BaseUrl,
            ["XApi__BearerToken"] = FakeXApi.Token,
            ["XApi__PollInterval"] = "00:00:00.200",
            ["Webhooks__PollInterval"] = "00:00:00.200",
            ["Webhooks__AllowPrivateTargets"] = "true",
        })
        {
            environment[key] = value;
        }

        var created = await ServiceProcess.RunAsync(environment, "tenants", "create", "--name", "production-run");
        var ownerKey = KeyPattern().Match(created.Stdout).Value;
        using var service = await ServiceProcess.StartAsync(environment, $"http://127.0.0.1:{metricsPort}");
        using var http = new HttpClient { BaseAddress = service.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ownerKey);

        // Key operations, a webhook subscription, a declared screening, a lookup, a wrong key.
        var madeKey = JsonNode.Parse(await (await http.PostAsJsonAsync("/v1/keys", new { name = "ats", scopes = new[] { "screenings", "read" } })).Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/v1/keys/{madeKey["apiKey"]!["id"]}")).StatusCode);
        var webhook = JsonNode.Parse(await (await http.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "assessment.created", "assessment.completed" } })).Content.ReadAsStringAsync())!;
        var declared = Requests.EngagedProfessional("ext-prod-1").With("candidate.fullName", Name).With("candidate.email", Email).With("candidate.twitter", Handle);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/v1/screenings", declared)).StatusCode);
        var lookup = LookupRequests.HandleOnly("ext-prod-2", LookedUpHandle, LookupRequests.Grant).With("candidate.fullName", Name).With("candidate.email", Email);
        var pending = await (await http.PostAsJsonAsync("/v1/screenings", lookup)).ReadAssessmentAsync();
        using (var wrong = new HttpClient { BaseAddress = service.BaseAddress })
        {
            wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ownerKey[..^5] + "XXXXX");
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/v1/assessments")).StatusCode);
        }

        await WaitAsync(async () => (await http.GetAssessmentAsync(pending.Id)).Status == RecruitSignal.Assessments.AssessmentStatus.Completed
            && receiver.Received.Count(d => d.AnsweredWith == 200) >= 3);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // one more sample of the queues
        using var scraper = new HttpClient();
        var metrics = await scraper.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        var metricsOnApiPort = await scraper.GetAsync(new Uri(service.BaseAddress, "/metrics"));
        var apiOnMetricsPort = await scraper.GetAsync($"http://127.0.0.1:{metricsPort}/health/ready");
        service.Terminate();
        Assert.True(service.WaitForExit(TimeSpan.FromSeconds(20)));
        var logs = service.Lines.Where(l => l.Length > 0).ToList();
        await File.WriteAllLinesAsync(Path.Combine(Path.GetTempPath(), "recruitsignal-production-run.log"), logs); // to read when this fails

        // Series with their labels, whatever the exporter's label order (it puts otel_scope_name first).
        foreach (var (metric, labels) in new (string, string[])[]
        {
            ("recruitsignal_screenings_total", ["band=\"strong\"", "tier=\"engaged\""]),
            ("recruitsignal_lookups_total", ["outcome=\"completed\""]),
            ("recruitsignal_lookup_duration_seconds_count", ["outcome=\"completed\""]),
            ("recruitsignal_x_api_reads_total", ["endpoint=\"/2/users/by/username/{username}\""]),
            ("recruitsignal_x_api_reads_total", ["endpoint=\"/2/users/{id}/tweets\""]),
            ("recruitsignal_webhook_deliveries_total", ["outcome=\"succeeded\""]),
            ("recruitsignal_auth_failures_total", ["reason=\"unknown\""]),
            ("recruitsignal_lookup_queue_depth", ["state=\"pending\""]),
            ("recruitsignal_webhook_outbox_lag_seconds", []),
            ("http_server_request_duration_seconds_count", ["http_route=\"/v1/screenings/\""]),
            ("http_client_request_duration_seconds_count", []),
            ("db_client_operation_duration_seconds_count", []),
            ("dotnet_gc_collections_total", []),
        })
        {
            Assert.Contains(metrics.Split('\n'), line => line.StartsWith(metric + "{", StringComparison.Ordinal)
                && labels.All(label => line.Contains(label, StringComparison.Ordinal)));
        }

        Assert.Equal(HttpStatusCode.NotFound, metricsOnApiPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, apiOnMetricsPort.StatusCode);
        Assert.NotEmpty(logs);
        Assert.All(logs, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        var traced = logs.FirstOrDefault(l => l.Contains("\"TraceId\"", StringComparison.Ordinal) && l.Contains("\"SpanId\"", StringComparison.Ordinal));
        Assert.NotNull(traced);
        // A normal run, start included, warns about nothing (no unencrypted key ring, no Kerberos library, no URL override).
        Assert.DoesNotContain(logs, l => Regex.IsMatch(l, "\"LogLevel\":\"(Warning|Error|Critical)\""));

        string[] forbidden =
        [
            Name, Email, Handle, LookedUpHandle, "Zephyrine", "Quillfeather", FakeXApi.Token, ownerKey, ownerKey[12..], (string)madeKey["key"]!,
            ((string)madeKey["key"]!)[12..], (string)webhook["secret"]!, ApiFactory.TestKeyEncryptionKey,
        ];
        var haystacks = new Dictionary<string, string> { ["logs"] = string.Join('\n', logs), ["metrics"] = metrics };
        foreach (var (where, text) in haystacks)
        {
            foreach (var value in forbidden)
            {
                Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"The {where} contain '{value[..Math.Min(6, value.Length)]}...'");
            }
        }

        Console.WriteLine($"One JSON log line of the run:\n{traced}");
        Console.WriteLine("The custom metrics after the run:\n" + string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("recruitsignal_", StringComparison.Ordinal) && !l.Contains("_bucket", StringComparison.Ordinal))));
    }

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (await done())
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The lookup and the webhook deliveries did not finish within 30 s.");
    }

    [GeneratedRegex("rs_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}")]
    private static partial Regex KeyPattern();
}
