using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecruitSignal.Tenants;
using RecruitSignal.Webhooks;

namespace RecruitSignal.Tests.Integration;

/// <summary>A local webhook receiver on 127.0.0.1 that records every delivery and answers what the test says.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedDelivery> Received { get; } = new();

    /// <summary>The status to answer; called once per delivery.</summary>
    public Func<int> Answer { get; set; } = () => StatusCodes.Status200OK;

    public string Url => _app.Urls.First() + "/hook";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var status = receiver.Answer();
            receiver.Received.Enqueue(new ReceivedDelivery(
                request.Headers[WebhookSignature.EventIdHeader].ToString(),
                request.Headers[WebhookSignature.EventTypeHeader].ToString(),
                request.Headers[WebhookSignature.TimestampHeader].ToString(),
                request.Headers[WebhookSignature.SignatureHeader].ToString(),
                body,
                status));
            return Results.StatusCode(status);
        });
        await receiver._app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record ReceivedDelivery(string EventId, string EventType, string Timestamp, string Signature, string Body, int AnsweredWith);

public static class FactoryTenants
{
    /// <summary>A client of a new tenant of a dedicated service (one with its own settings).</summary>
    public static async Task<HttpClient> NewTenantClientAsync(this ApiFactory factory)
    {
        var tenant = await factory.Services.GetRequiredService<TenantStore>().CreateAsync($"test-{Guid.NewGuid():N}", CancellationToken.None);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        return client;
    }
}
