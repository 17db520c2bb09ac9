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
using RecruitSignal.Tests.Greenhouse;

namespace RecruitSignal.Tests.Workable;

public sealed record ReceivedResult(string AssessmentId, bool AuthorizationMatched, JsonObject? Body, int AnsweredWith);

/// <summary>
/// Workable, as an assessment provider meets it (https://workable.readme.io/page/assessment-providers), on 127.0.0.1: it
/// calls <c>GET {base}/tests</c>, <c>POST {base}/assessments</c> and <c>DELETE {base}/assessments/{id}</c> with the provider's
/// key as Bearer, and receives the result PUT at the callback_url it sent, checking the token it issued to the tenant and
/// refusing a body without <c>status</c>.
/// </summary>
public sealed class FakeWorkable : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _answers = new();

    private FakeWorkable(WebApplication app, string serviceUrl)
    {
        _app = app;
        Service = new HttpClient(new Contract.ContractCheckingHandler { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri(serviceUrl) };
    }

    /// <summary>The token this Workable account issued for the provider, which the tenant gives the service once.</summary>
    public string Token { get; } = "wk_" + Guid.NewGuid().ToString("N");

    public Transcript Transcript { get; } = new();

    public ConcurrentQueue<ReceivedResult> Received { get; } = new();

    public HttpClient Service { get; }

    public string BaseUrl => _app.Urls.First();

    public static async Task<FakeWorkable> StartAsync(string serviceUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var fake = new FakeWorkable(builder.Build(), serviceUrl);
        fake._app.MapPut("/spi/v3/assessments/{id}", fake.ReceiveResultAsync);
        await fake._app.StartAsync();
        return fake;
    }

    /// <summary>A new assessment's callback_url, answering <paramref name="answers"/> to PUTs, then 200.</summary>
    public string NewCallback(params int[] answers)
    {
        var id = Random.Shared.NextInt64(10_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        _answers[id] = new ConcurrentQueue<int>(answers);
        return $"{BaseUrl}/spi/v3/assessments/{id}";
    }

    public Task<HttpResponseMessage> ListTestsAsync(string key) => SendAsync(key, HttpMethod.Get, "/integrations/workable/tests", null);

    /// <summary>An order as Workable sends it, with properties the service does not read.</summary>
    public Task<HttpResponseMessage> OrderAsync(string key, string testId, string callbackUrl, string email, string candidateId) =>
        SendAsync(key, HttpMethod.Post, "/integrations/workable/assessments", new JsonObject
        {
            ["test_id"] = testId,
            ["job"] = new JsonObject { ["title"] = "Site Reliability Engineer", ["shortcode"] = "5A2B7C1D0E" },
            ["candidate"] = new JsonObject
            {
                ["id"] = candidateId, ["first_name"] = "Harriet", ["last_name"] = "Vane", ["email"] = email, ["phone"] = "+44 20 7946 0991",
            },
            ["callback_url"] = callbackUrl,
        });

    public Task<HttpResponseMessage> CancelAsync(string key, string assessmentId) =>
        SendAsync(key, HttpMethod.Delete, $"/integrations/workable/assessments/{Uri.EscapeDataString(assessmentId)}", null);

    private async Task<HttpResponseMessage> SendAsync(string key, HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var response = await Service.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        await Transcript.ExchangeAsync($"Workable -> RecruitSignal: {method} {path}", "Authorization: Bearer <the tenant's workable key>", body, response);
        return response;
    }

    private async Task<IResult> ReceiveResultAsync(string id, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        var body = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        if (!_answers.TryGetValue(id, out var answers))
        {
            return Results.NotFound();
        }

        var matched = request.Headers.Authorization == $"Bearer {Token}";
        var status = !matched ? StatusCodes.Status401Unauthorized
            : body?["status"] is null ? StatusCodes.Status422UnprocessableEntity
            : answers.TryDequeue(out var scripted) ? scripted : StatusCodes.Status200OK;
        Received.Enqueue(new ReceivedResult(id, matched, body, status));
        Transcript.Line($"RecruitSignal -> Workable: PUT /spi/v3/assessments/{id}",
            $"Authorization: {(matched ? "Bearer <the token Workable issued>" : "WRONG")}; {text}", $"answered {status}");
        return Results.StatusCode(status);
    }

    public async ValueTask DisposeAsync()
    {
        Service.Dispose();
        await _app.DisposeAsync();
    }
}
