using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Greenhouse;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Ashby;

/// <summary>Ashby's candidateDelete web hook, signed as Ashby signs (Ashby-Signature: sha256=hex), runs the usual erasure.</summary>
[Collection(CandidatePagesGroup.Name)]
public sealed class AshbyWebhookTests(CandidatePagesFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    [Fact]
    public async Task ASignedCandidateDeleteErasesTheCandidateAndABadSignatureOrAnotherAtssReceiverChangesNothing()
    {
        await using var ashby = await FakeAshby.StartAsync(H.BaseUrl, H.AshbyPort);
        var (_, admin, _) = await H.NewTenantAsync("Acme Recrutement");
        var key = (string)(await (await admin.PostAsJsonAsync("/v1/keys", new JsonObject { ["name"] = "a", ["scopes"] = new JsonArray("ashby") })).ReadAsync<JsonObject>())["key"]!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/v1/integrations/ashby", new JsonObject { ["apiKey"] = ashby.ApiKey })).StatusCode);
        var ashbyId = Guid.NewGuid().ToString();
        var started = await (await ashby.StartAssessmentAsync(key, "default@1", ashbyId, GreenhouseSteps.NewEmail())).ReadAsync<JsonObject>();
        var orderId = Guid.Parse((string)started["results"]!["assessment_id"]!);
        var secret = await (await admin.PostAsync("/v1/integrations/ashby/webhook-secret", null)).ReadAsync<JsonObject>();
        var (hook, signingSecret) = ((string)secret["url"]!, (string)secret["secret"]!);
        var greenhouseHook = (string)(await (await admin.PostAsync("/v1/integrations/greenhouse/webhook-secret", null)).ReadAsync<JsonObject>())["url"]!;
        var body = """{"action":"candidateDelete","data":{"candidate":{"id":"ASHBY_ID"}}}""".Replace("ASHBY_ID", ashbyId, StringComparison.Ordinal);
        var ping = """{"action":"ping","data":{"webhook":{"id":"3ae4b2c0-5d6e-4f7a-8b9c-0d1e2f3a4b5c","webhookType":"candidateDelete"}}}""";

        var forged = await PostHookAsync(hook, body, Sign("not_the_secret", body));
        var unsigned = await PostHookAsync(hook, body, null);
        var greenhouseFormat = await PostHookAsync(hook, body, Sign(signingSecret, body).Replace("sha256=", "sha256 ", StringComparison.Ordinal));
        var greenhouseReceiver = await PostHookAsync(hook[..hook.IndexOf('?', StringComparison.Ordinal)] + greenhouseHook[greenhouseHook.IndexOf('?', StringComparison.Ordinal)..],
            body, Sign(signingSecret, body));
        var stillHeld = await H.ScalarAsync<long>("select count(*) from candidates where external_id = @externalId", new { externalId = $"ashby:{ashbyId}" });
        var candidateId = await H.ScalarAsync<Guid>("select id from candidates where external_id = @externalId", new { externalId = $"ashby:{ashbyId}" });
        var pinged = await PostHookAsync(hook, ping, Sign(signingSecret, ping));
        var erased = await PostHookAsync(hook, body, Sign(signingSecret, body));
        var again = await PostHookAsync(hook, body, Sign(signingSecret, body));

        Assert.All(new[] { forged, unsigned, greenhouseFormat, greenhouseReceiver }, refused => Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode));
        Assert.Equal(1L, stillHeld);
        Assert.Equal("""{"action":"ping","erased":false}""", await pinged.Content.ReadAsStringAsync());
        Assert.Equal("""{"action":"candidateDelete","erased":true}""", await erased.Content.ReadAsStringAsync());
        Assert.Equal("""{"action":"candidateDelete","erased":false}""", await again.Content.ReadAsStringAsync());
        Assert.Equal(0L, await H.ScalarAsync<long>("select count(*) from candidates where external_id = @externalId", new { externalId = $"ashby:{ashbyId}" }));
        Assert.Equal(0L, await H.ScalarAsync<long>("select count(*) from ats_orders where id = @orderId", new { orderId }));
        Assert.Contains("candidate_erasures.candidate_id", await H.PlacesHoldingAsync(candidateId.ToString())); // the tombstone
    }

    private static async Task<HttpResponseMessage> PostHookAsync(string url, string body, string? signature)
    {
        using var http = new HttpClient(new Contract.ContractCheckingHandler { InnerHandler = new HttpClientHandler() });
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Ashby-Signature", signature);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>As Ashby signs (https://developers.ashbyhq.com/docs/authenticating-webhooks): sha256= and the hex HMAC-SHA256 of the raw body.</summary>
    private static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
