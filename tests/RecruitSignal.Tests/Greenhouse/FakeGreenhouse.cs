using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RecruitSignal.Tests.Greenhouse;

public sealed record ReceivedPatch(string TestId, bool AuthorizationMatched, bool HadBody, int AnsweredWith);

/// <summary>
/// Greenhouse, as an Assessment Partner meets it, on 127.0.0.1: it calls list_tests, send_test, test_status and
/// response_error the way Greenhouse does (Basic, the key followed by ':' and no password, base64; send_test with
/// properties RecruitSignal does not know), and it receives the PATCH at the take-home-test URL it sent, checks its
/// Authorization header, answers what the test scripts, and then asks test_status, as Greenhouse does.
/// </summary>
public sealed class FakeGreenhouse : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Interview> _interviews = new();

    private FakeGreenhouse(WebApplication app, string serviceUrl)
    {
        _app = app;
        // Every answer Greenhouse gets is also checked against the service's OpenAPI document.
        Service = new HttpClient(new Contract.ContractCheckingHandler { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri(serviceUrl) };
    }

    /// <summary>What Greenhouse sent and what it got back, in order, keys masked.</summary>
    public Transcript Transcript { get; } = new();

    public ConcurrentQueue<ReceivedPatch> Patches { get; } = new();

    public HttpClient Service { get; }

    public string BaseUrl => _app.Urls.First();

    public static async Task<FakeGreenhouse> StartAsync(string serviceUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var fake = new FakeGreenhouse(builder.Build(), serviceUrl);
        fake._app.MapMethods("/integrations/testing_partners/take_home_tests/{id}", [HttpMethods.Patch], fake.ReceivePatchAsync);
        await fake._app.StartAsync();
        return fake;
    }

    /// <summary>A new take-home test of this Greenhouse account (its <c>url</c>), answering <paramref name="answers"/> to PATCHes, then 200.</summary>
    public string NewTest(string key, params int[] answers)
    {
        var id = Random.Shared.NextInt64(10_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        _interviews[id] = new Interview(key, new ConcurrentQueue<int>(answers));
        return $"{BaseUrl}/integrations/testing_partners/take_home_tests/{id}";
    }

    public static string TestIdOf(string url) => url[(url.LastIndexOf('/') + 1)..];

    /// <summary>The test_status Greenhouse asked right after a successful PATCH of this test, once it has.</summary>
    public async Task<JsonObject> StatusAfterPatchAsync(string url)
    {
        var asked = _interviews[TestIdOf(url)].StatusAfterPatch.Task;
        return await asked.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public Task<HttpResponseMessage> ListTestsAsync(string key) => SendAsync(key, HttpMethod.Get, "/integrations/greenhouse/list_tests", null);

    /// <summary>send_test as Greenhouse sends it, with the properties Greenhouse added over the years and some it may add tomorrow.</summary>
    public async Task<HttpResponseMessage> SendTestAsync(string key, string testId, string url, string email, long personId, JsonObject? extra = null)
    {
        var body = new JsonObject
        {
            ["partner_test_id"] = testId,
            ["candidate"] = new JsonObject
            {
                ["first_name"] = "Harriet", ["last_name"] = "Vane", ["preferred_name"] = "Harry",
                ["resume_url"] = "https://greenhouse-resumes.example.com/resume-7731.pdf", ["phone_number"] = "+44 20 7946 0991",
                ["email"] = email, ["greenhouse_profile_url"] = $"https://app.greenhouse.io/people/{personId}?application_id=26234709",
                ["linkedin_url"] = null, ["tags"] = new JsonArray("referral"),
            },
            ["sent_by"] = new JsonObject { ["name"] = "Ada Recruiter", ["email"] = "ada@acme.example" },
            ["url"] = url,
            ["interview_stage"] = new JsonObject { ["id"] = 71416, ["name"] = "Assessment" },
        };
        foreach (var (name, value) in extra ?? new JsonObject())
        {
            body[name] = value?.DeepClone();
        }

        var response = await SendAsync(key, HttpMethod.Post, "/integrations/greenhouse/send_test", body);
        if (response.IsSuccessStatusCode && _interviews.TryGetValue(TestIdOf(url), out var interview))
        {
            interview.PartnerInterviewId = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["partner_interview_id"];
        }

        return response;
    }

    public Task<HttpResponseMessage> TestStatusAsync(string key, string partnerInterviewId) =>
        SendAsync(key, HttpMethod.Get, $"/integrations/greenhouse/test_status?partner_interview_id={Uri.EscapeDataString(partnerInterviewId)}", null);

    public Task<HttpResponseMessage> ResponseErrorAsync(string key, JsonObject body) =>
        SendAsync(key, HttpMethod.Post, "/integrations/greenhouse/response_error", body);

    /// <summary>Greenhouse's Authorization header: the key, a colon, no password, base64.</summary>
    public static AuthenticationHeaderValue Basic(string key) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));

    private async Task<HttpResponseMessage> SendAsync(string key, HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = Basic(key);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var response = await Service.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        await Transcript.ExchangeAsync($"Greenhouse -> RecruitSignal: {method} {path}", "Authorization: Basic base64(<the tenant's greenhouse key>:)", body, response);
        return response;
    }

    private async Task<IResult> ReceivePatchAsync(string id, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var hadBody = (await reader.ReadToEndAsync()).Length > 0;
        if (!_interviews.TryGetValue(id, out var interview))
        {
            return Results.NotFound();
        }

        var matched = request.Headers.Authorization == Basic(interview.Key).ToString();
        var status = !matched ? StatusCodes.Status401Unauthorized : interview.Answers.TryDequeue(out var scripted) ? scripted : StatusCodes.Status200OK;
        Patches.Enqueue(new ReceivedPatch(id, matched, hadBody, status));
        Transcript.Line($"RecruitSignal -> Greenhouse: PATCH /integrations/testing_partners/take_home_tests/{id}",
            $"Authorization: {(matched ? "Basic base64(<the same key>:), as used on send_test" : "WRONG")}; body: {(hadBody ? "present" : "none")}",
            $"answered {status}");
        if (status == StatusCodes.Status200OK && interview.PartnerInterviewId is { } partnerInterviewId)
        {
            // Greenhouse reads the result once told; after the answer is sent, as it would.
            _ = Task.Run(async () =>
            {
                await Task.Delay(50);
                var response = await TestStatusAsync(interview.Key, partnerInterviewId);
                interview.StatusAfterPatch.TrySetResult(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
            });
        }

        return Results.StatusCode(status);
    }

    public async ValueTask DisposeAsync()
    {
        Service.Dispose();
        await _app.DisposeAsync();
    }

    private sealed class Interview(string key, ConcurrentQueue<int> answers)
    {
        public string Key { get; } = key;
        public ConcurrentQueue<int> Answers { get; } = answers;
        public string? PartnerInterviewId { get; set; }
        public TaskCompletionSource<JsonObject> StatusAfterPatch { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>The exchanges of a run, as text a person can read: each request and its answer, keys and tokens masked.</summary>
public sealed class Transcript
{
    private readonly ConcurrentQueue<string> _entries = new();

    public void Line(string request, string detail, string answer) => _entries.Enqueue($"{request}\n  {detail}\n  <- {answer}\n");

    public async Task ExchangeAsync(string request, string detail, JsonNode? body, HttpResponseMessage response)
    {
        var answer = await response.Content.ReadAsStringAsync();
        var text = new StringBuilder($"{request}\n  {detail}\n");
        if (body is not null)
        {
            text.Append("  ").Append(body.ToJsonString()).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"  <- {(int)response.StatusCode} {response.StatusCode}");
        if (response.Headers.WwwAuthenticate.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", WWW-Authenticate: {response.Headers.WwwAuthenticate}");
        }

        text.Append('\n');
        if (answer.Length > 0)
        {
            text.Append("  ").Append(answer).Append('\n');
        }

        _entries.Enqueue(text.ToString());
    }

    public string Text(Func<string, string>? mask = null) => string.Join('\n', _entries.Select(e => mask is null ? e : mask(e)));

    /// <summary>Writes the transcript under TestResults/ at the repository's root, where CI keeps it.</summary>
    public async Task SaveAsync(string fileName, Func<string, string>? mask = null)
    {
        var path = Path.Combine(CandidatePages.BrowserFixture.ScreenshotDirectory, "..", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, Text(mask));
    }
}
