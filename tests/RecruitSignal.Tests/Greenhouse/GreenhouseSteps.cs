using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Integrations.Greenhouse;
using RecruitSignal.Lookups;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.XApi;

namespace RecruitSignal.Tests.Greenhouse;

/// <summary>What the Greenhouse tests do again and again: a tenant with a key for Greenhouse, a candidate's X account, the loops' rounds.</summary>
public static partial class GreenhouseSteps
{
    /// <summary>A tenant, its admin client, and a key made for Greenhouse (the <c>greenhouse</c> scope only).</summary>
    public static async Task<(Guid TenantId, HttpClient Admin, string Key)> TenantAsync(this CandidatePagesHarness h, string name = "Acme Recrutement")
    {
        var (tenantId, admin, _) = await h.NewTenantAsync(name);
        var created = await admin.PostAsJsonAsync("/v1/keys", new JsonObject { ["name"] = "greenhouse", ["scopes"] = new JsonArray("greenhouse") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (tenantId, admin, (string)(await created.ReadAsync<JsonObject>())["key"]!);
    }

    /// <summary>An X account that writes about the job and talks with people: engaged, with a score.</summary>
    public static string ActiveAccount(this CandidatePagesHarness h)
    {
        var username = $"g{Guid.NewGuid():N}"[..15];
        var account = h.X.Add(username);
        account.Posts.AddRange(Enumerable.Range(1, 12).Select(i => new FakePost($"Kubernetes and observability, part {i}", DateTimeOffset.UtcNow.AddDays(-2 * i))));
        account.Posts.AddRange(Enumerable.Range(1, 6).Select(i => new FakePost($"@someone agreed {i}", DateTimeOffset.UtcNow.AddDays(-i), "replied_to")));
        return username;
    }

    public static long NewPersonId() => Random.Shared.NextInt64(10_000_000, 99_999_999);

    public static string NewEmail() => $"{Guid.NewGuid():N}@example.com";

    public static async Task<int> RunLookupsAsync(this CandidatePagesHarness h)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await h.Factory.Services.GetRequiredService<LookupWorker>().ProcessDueAsync(timeout.Token);
    }

    public static Task<int> RunPatchesAsync(this CandidatePagesHarness h) =>
        h.Factory.Services.GetRequiredService<GreenhouseCallbacks>().ProcessDueAsync(CancellationToken.None);

    public static async Task<string> InterviewIdAsync(this HttpResponseMessage sent)
    {
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        return (string)(await sent.ReadAsync<JsonObject>())["partner_interview_id"]!;
    }

    public static int EmailsTo(this CandidatePagesHarness h, string recipient) => h.Smtp.ReceivedEmail
        .Select(m => MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))
        .Count(m => m.To.Mailboxes.Any(a => a.Address == recipient));

    public static async Task<T> RowAsync<T>(this CandidatePagesHarness h, string sql, object? parameters = null)
    {
        await using var connection = new Npgsql.NpgsqlConnection(h.ConnectionString);
        return await Dapper.SqlMapper.QuerySingleAsync<T>(connection, sql, parameters);
    }

    /// <summary>The test's tables as counts, to show that a refusal wrote nothing.</summary>
    public static async Task<string> RowsAsync(this CandidatePagesHarness h, Guid tenantId) => string.Join(", ", await Task.WhenAll(
        new[] { "candidates", "candidate_invitations", "invitation_emails", "greenhouse_interviews", "greenhouse_callbacks", "greenhouse_response_errors", "audit_log" }
            .Select(async table => $"{table}={await h.ScalarAsync<long>($"select count(*) from {table} where tenant_id = @tenantId", new { tenantId })}")));

    /// <summary>A transcript a person can publish: the candidate's email address, links' tokens and the key are not in it.</summary>
    public static string Mask(string text, params string[] secrets)
    {
        text = Token().Replace(text, m => $"/{m.Groups[1].Value}/<token>");
        return secrets.Aggregate(text, (masked, secret) => masked.Replace(secret, "<" + (secret.Contains('@', StringComparison.Ordinal) ? "candidate email" : "secret") + ">", StringComparison.Ordinal));
    }

    [GeneratedRegex("/(c|r)/[A-Za-z0-9_-]{43}")]
    private static partial Regex Token();
}
