using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using RecruitSignal.Database;
using RecruitSignal.Idempotency;

namespace RecruitSignal.Tests.Integration.Hardening;

/// <summary>Issue 13, item 3: a webhook's signing secret is shown once; an Idempotency-Key replay never shows it again.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class SecretReplayTests(ApiFixture api)
{
    // A public address literal: the guard checks it without DNS.
    private static JsonObject Subscription() => new() { ["url"] = "https://93.184.215.14/hooks", ["events"] = new JsonArray("assessment.created") };

    [Fact]
    public async Task AReplayOfACreatedWebhookAnswersTheSubscriptionWithoutItsSecretBeforeAndAfterDeletion()
    {
        var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();

        var first = await tenant.PostWithKeyAsync("/v1/webhooks", Subscription(), key);
        var created = await first.ReadAsync<JsonObject>();
        var secret = (string)created["secret"]!;
        var replay = await tenant.PostWithKeyAsync("/v1/webhooks", Subscription(), key);
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync($"/v1/webhooks/{created["id"]}")).StatusCode);
        var afterDeletion = await tenant.PostWithKeyAsync("/v1/webhooks", Subscription(), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        foreach (var again in new[] { replay, afterDeletion })
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            Assert.True(again.Headers.Contains(ReplayResult.ReplayedHeader));
            Assert.Equal(first.Headers.Location, again.Headers.Location);
            var body = await again.Content.ReadAsStringAsync();
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            var answer = JsonNode.Parse(body)!;
            Assert.Equal((string?)created["id"], (string?)answer["id"]);
            Assert.Null(answer["secret"]);
        }

        await using var connection = new NpgsqlConnection(api.ConnectionString);
        var stored = await connection.QueryAsync<string>(
            "select convert_from(response_body, 'UTF8') from idempotency_keys where tenant_id = @id", new { id = tenant.TenantId });
        Assert.DoesNotContain(stored, body => body.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheMigrationBlanksSecretsInAnswersStoredBeforeIt()
    {
        var tenant = await api.NewTenantAsync();
        const string Secret = "whsec_stored_before_the_fix";
        var body = new JsonObject { ["id"] = Guid.NewGuid(), ["url"] = "https://93.184.215.14/hooks", ["secret"] = Secret }.ToJsonString();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.ExecuteAsync("""
            insert into idempotency_keys (tenant_id, key, request_fingerprint, response_status, response_location, response_type, response_body, created_at, expires_at)
            values (@id, 'old-key', decode(repeat('00', 32), 'hex'), 201, '/v1/webhooks/x', 'application/json; charset=utf-8', convert_to(@body, 'UTF8'), now(), now() + interval '1 day')
            """, new { id = tenant.TenantId, body });

        await connection.ExecuteAsync(Migrations.All.Single(m => m.Version == "0030_one_time_secrets").Sql);

        var kept = JsonNode.Parse(await connection.ExecuteScalarAsync<string>(
            "select convert_from(response_body, 'UTF8') from idempotency_keys where tenant_id = @id", new { id = tenant.TenantId }) ?? "{}")!;
        Assert.Null(kept["secret"]);
        Assert.Equal("https://93.184.215.14/hooks", (string?)kept["url"]);
    }
}
