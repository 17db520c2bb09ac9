using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Screenings;
using RecruitSignal.Webhooks;

namespace RecruitSignal.Tests.Integration;

[Collection(ApiTestGroup.Name)]
public sealed class WebhookTests(ApiFixture api)
{
    /// <summary>A service allowed to reach 127.0.0.1, with fast retries and the dispatcher driven by the test.</summary>
    private async Task<ApiFactory> WebhookServiceAsync() => new(await api.Server.CreateDatabaseAsync(), new Dictionary<string, string?>
    {
        ["Webhooks:AllowPrivateTargets"] = "true",
        ["Webhooks:DispatcherEnabled"] = "false",
        ["Webhooks:FirstRetryDelay"] = "00:00:00.050",
        ["Webhooks:MaxRetryDelay"] = "00:00:00.200",
        ["Webhooks:RetryWindow"] = "00:00:01",
    });

    [Fact]
    public async Task ReceiverThatIsDownForAWhileGetsEveryEventSignedWithDuplicatesSharingTheEventId()
    {
        await using var service = await WebhookServiceAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var failuresLeft = 7;
        receiver.Answer = () => Interlocked.Decrement(ref failuresLeft) >= 0 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        var client = await service.NewTenantClientAsync();
        var subscription = await (await client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "assessment.created" } }))
            .ReadAsync<CreatedWebhookSubscription>();

        var assessmentIds = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            assessmentIds.Add((await (await client.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional($"w-{i}"))).ReadAssessmentAsync()).Id);
        }

        var batch = new JsonObject { ["items"] = new JsonArray(Requests.EngagedProfessional("w-2"), Requests.EngagedProfessional("w-3"), Requests.EngagedProfessional("w-4")) };
        var batchAnswer = await (await client.PostAsJsonAsync("/v1/screenings/batch", batch)).ReadAsync<BatchScreeningResponse>();
        assessmentIds.AddRange(batchAnswer.Items.Select(r => r.Assessment!.Id));

        await DeliverUntilAsync(service, () => receiver.Received.Count(r => r.AnsweredWith == 200) >= 5);

        var received = receiver.Received.ToList();
        Assert.All(received, r => Assert.True(
            WebhookSignature.Verify(subscription.Secret!, r.Timestamp, r.Body, r.Signature, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)), "signature"));
        Assert.All(received, r => Assert.Equal(r.EventId, (string?)JsonNode.Parse(r.Body)!["id"]));
        Assert.All(received, r => Assert.Equal("assessment.created", r.EventType));
        var byEvent = received.GroupBy(r => r.EventId).ToList();
        Assert.Equal(5, byEvent.Count);
        Assert.All(byEvent, copies => Assert.Single(copies.Select(c => c.Body).Distinct()));
        Assert.All(byEvent, copies => Assert.Single(copies, c => c.AnsweredWith == 200));
        Assert.Contains(byEvent, copies => copies.Count() > 1);
        Assert.Equal(assessmentIds.Order(), byEvent.Select(copies => Guid.Parse((string)JsonNode.Parse(copies.First().Body)!["data"]!["id"]!)).Order());

        var deliveries = await (await client.GetAsync($"/v1/webhooks/{subscription.Id}/deliveries")).ReadAsync<WebhookDeliveryList>();
        Assert.Equal(5, deliveries.Items.Count);
        Assert.All(deliveries.Items, d => Assert.Equal("succeeded", d.Status));
        Assert.Contains(deliveries.Items, d => d.AttemptLog.Any(a => a.StatusCode == 503));
    }

    [Fact]
    public async Task DeliveryThatKeepsFailingIsMarkedFailedAndCanBeRedelivered()
    {
        await using var service = await WebhookServiceAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = () => StatusCodes.Status500InternalServerError;
        var client = await service.NewTenantClientAsync();
        var subscription = await (await client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "assessment.created" } }))
            .ReadAsync<CreatedWebhookSubscription>();
        await client.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional());

        var path = $"/v1/webhooks/{subscription.Id}/deliveries";
        var pending = (await (await client.GetAsync(path)).ReadAsync<WebhookDeliveryList>()).Items[0];
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"{path}/{pending.Id}/redeliver", null)).StatusCode);
        await DeliverUntilAsync(service, async () => (await (await client.GetAsync(path)).ReadAsync<WebhookDeliveryList>()).Items[0].Status == "failed");
        var failed = (await (await client.GetAsync(path)).ReadAsync<WebhookDeliveryList>()).Items[0];
        Assert.True(failed.Attempts >= 2);
        Assert.All(failed.AttemptLog, a => Assert.Equal(500, a.StatusCode));
        Assert.Equal("The receiver answered 500.", failed.LastError);

        receiver.Answer = () => StatusCodes.Status200OK;
        var redelivered = await client.PostAsync($"{path}/{failed.Id}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, redelivered.StatusCode);
        await DeliverUntilAsync(service, () => receiver.Received.Any(r => r.AnsweredWith == 200));

        var after = (await (await client.GetAsync(path)).ReadAsync<WebhookDeliveryList>()).Items[0];
        Assert.Equal("succeeded", after.Status);
        Assert.Single(receiver.Received.Select(r => r.EventId).Distinct());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"{path}/{Guid.NewGuid()}/redeliver", null)).StatusCode);
    }

    [Fact]
    public async Task SubscriptionShowsItsSecretOnceAndPingsOnDemand()
    {
        await using var service = await WebhookServiceAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await service.NewTenantClientAsync();
        var other = await service.NewTenantClientAsync();

        var created = await client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "assessment.created" } });
        var subscription = await created.ReadAsync<CreatedWebhookSubscription>();
        var fetched = await client.GetAsync($"/v1/webhooks/{subscription.Id}");
        var ping = await client.PostAsync($"/v1/webhooks/{subscription.Id}/test", null);
        await DeliverUntilAsync(service, () => !receiver.Received.IsEmpty);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("whsec_", subscription.Secret, StringComparison.Ordinal);
        Assert.DoesNotContain(subscription.Secret!, await fetched.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(subscription.Secret!, await (await client.GetAsync("/v1/webhooks")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        var delivered = Assert.Single(receiver.Received);
        Assert.Equal("ping", delivered.EventType);
        Assert.True(WebhookSignature.Verify(subscription.Secret!, delivered.Timestamp, delivered.Body, delivered.Signature, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/v1/webhooks/{subscription.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/v1/webhooks/{subscription.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/webhooks/{subscription.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/webhooks/{subscription.Id}")).StatusCode);
    }

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://192.168.1.20/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://example.com/hook")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("https://user:pass@example.com/hook")]
    public async Task ForbiddenWebhookUrlIsRefused(string url)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.Http.PostAsJsonAsync("/v1/webhooks", new { url, events = new[] { "assessment.created" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("url", (await response.ReadAsync<HttpValidationProblemDetails>()).Errors.Keys);
        Assert.Empty((await (await tenant.Http.GetAsync("/v1/webhooks")).ReadAsync<WebhookSubscriptionList>()).Items);
    }

    [Fact]
    public async Task UnknownEventTypeIsRefused()
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.Http.PostAsJsonAsync("/v1/webhooks", new { url = "https://93.184.215.14/hook", events = new[] { "candidate.deleted" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("events[0]", (await response.ReadAsync<HttpValidationProblemDetails>()).Errors.Keys);
    }

    /// <summary>Runs the dispatcher until the condition holds; bounded in rounds and time.</summary>
    private static async Task DeliverUntilAsync(ApiFactory service, Func<Task<bool>> done)
    {
        var dispatcher = service.Services.GetRequiredService<WebhookDispatcher>();
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < 200 && clock.Elapsed < TimeSpan.FromSeconds(15); round++)
        {
            await dispatcher.ProcessDueAsync(CancellationToken.None);
            if (await done())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The deliveries did not reach the expected state in time.");
    }

    private static Task DeliverUntilAsync(ApiFactory service, Func<bool> done) => DeliverUntilAsync(service, () => Task.FromResult(done()));
}
