using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RecruitSignal.Tests.Greenhouse;

namespace RecruitSignal.Tests.Ashby;

public sealed record ReceivedUpdate(bool AuthorizationMatched, JsonObject Body, int AnsweredWith);

/// <summary>
/// Ashby, as an assessments partner meets it (https://developers.ashbyhq.com/docs/creating-an-assessments-integration), on
/// 127.0.0.1 at the service's <c>Ashby__ApiUrl</c>: it calls assessment.list, assessment.start and assessment.cancel with
/// the partner's key as the Basic username, and serves assessment.update, which checks the tenant's Ashby API key (Basic
/// username) and refuses a body without <c>assessment_id</c>, <c>timestamp</c>, or both of status and cancelled_reason missing,
/// or with a datum that is not <c>{identifier, label, type, value}</c> of one of the schema's types (<c>numeric_score</c>, <c>url</c>, <c>string</c>...).
/// </summary>
public sealed class FakeAshby : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _answers = new();

    private FakeAshby(WebApplication app, string serviceUrl)
    {
        _app = app;
        Service = new HttpClient(new Contract.ContractCheckingHandler { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri(serviceUrl) };
    }

    /// <summary>The tenant's Ashby API key, which the tenant gives the service once.</summary>
    public string ApiKey { get; } = "ashby_" + Guid.NewGuid().ToString("N");

    public Transcript Transcript { get; } = new();

    public ConcurrentQueue<ReceivedUpdate> Updates { get; } = new();

    public HttpClient Service { get; }

    public static async Task<FakeAshby> StartAsync(string serviceUrl, int port, params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var fake = new FakeAshby(builder.Build(), serviceUrl);
        foreach (var answer in answers)
        {
            fake._answers.Enqueue(answer);
        }

        fake._app.MapPost("/assessment.update", fake.ReceiveUpdateAsync);
        await fake._app.StartAsync();
        return fake;
    }

    public Task<HttpResponseMessage> ListAsync(string key) => SendAsync(key, "assessment.list", new JsonObject());

    public Task<HttpResponseMessage> StartAssessmentAsync(string key, string typeId, string candidateId, string email) =>
        SendAsync(key, "assessment.start", new JsonObject
        {
            ["assessment_type_id"] = typeId,
            ["candidate"] = new JsonObject
            {
                ["ashby_id"] = candidateId, ["first_name"] = "Harriet", ["last_name"] = "Vane", ["email"] = email,
                ["ashby_profile_url"] = $"https://app.ashbyhq.com/candidates/{candidateId}",
            },
            ["application"] = new JsonObject { ["ashby_id"] = "app-" + candidateId, ["status"] = "Active" },
            ["job"] = new JsonObject { ["ashby_id"] = "job-7", ["name"] = "Site Reliability Engineer" },
        });

    public Task<HttpResponseMessage> CancelAsync(string key, string assessmentId) => SendAsync(key, "assessment.cancel", new JsonObject { ["assessment_id"] = assessmentId });

    private async Task<HttpResponseMessage> SendAsync(string key, string call, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/integrations/ashby/{call}")
        {
            Headers = { Authorization = FakeGreenhouse.Basic(key) },
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        var response = await Service.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        await Transcript.ExchangeAsync($"Ashby -> RecruitSignal: POST /integrations/ashby/{call}", "Authorization: Basic base64(<the tenant's ashby key>:)", body, response);
        return response;
    }

    private async Task<IResult> ReceiveUpdateAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        var body = JsonNode.Parse(text)!.AsObject();
        var matched = request.Headers.Authorization == FakeGreenhouse.Basic(ApiKey).ToString();
        var wellFormed = body["assessment_id"] is not null && body["timestamp"] is not null && (body["assessment_status"] is not null || body["cancelled_reason"] is not null)
            && Data(body).All(IsDatum);
        var status = !matched ? StatusCodes.Status401Unauthorized : !wellFormed ? StatusCodes.Status400BadRequest
            : _answers.TryDequeue(out var scripted) ? scripted : StatusCodes.Status200OK;
        Updates.Enqueue(new ReceivedUpdate(matched, body, status));
        Transcript.Line("RecruitSignal -> Ashby: POST /assessment.update",
            $"Authorization: {(matched ? "Basic base64(<the tenant's Ashby API key>:)" : "WRONG")}; {text}", $"answered {status}");
        return Results.Json(new { success = status == 200 }, statusCode: status);
    }

    // Every datum of assessment.update is {identifier, label, type, value}, its type one of the schema's.
    private static readonly string[] Types = ["numeric_score", "numeric_duration_minutes", "url", "string", "boolean_success"];

    private static IEnumerable<JsonNode?> Data(JsonObject body) =>
        new[] { body["assessment_status"], body["assessment_result"], body["assessment_profile_url"], body["cancelled_reason"] }.Where(d => d is not null)
            .Concat(body["metadata"]?.AsArray() ?? []);

    private static bool IsDatum(JsonNode? datum) =>
        datum is JsonObject d && d["identifier"] is not null && d["label"] is not null && d["value"] is not null && Types.Contains((string?)d["type"]);

    public async ValueTask DisposeAsync()
    {
        Service.Dispose();
        await _app.DisposeAsync();
    }
}
