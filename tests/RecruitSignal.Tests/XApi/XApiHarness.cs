using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Lookups;
using RecruitSignal.Tenants;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.XApi;

/// <summary>
/// The service configured against a fake X on loopback, on a database of its own, with the worker loop
/// off: tests run the worker one round at a time.
/// </summary>
public sealed class XApiHarness : IAsyncDisposable
{
    private XApiHarness(FakeXApi x, ApiFactory factory, string connectionString)
    {
        X = x;
        Factory = factory;
        ConnectionString = connectionString;
    }

    public FakeXApi X { get; }

    public ApiFactory Factory { get; }

    public string ConnectionString { get; }

    public LookupWorker Worker => Factory.Services.GetRequiredService<LookupWorker>();

    public static async Task<XApiHarness> StartAsync(ApiFixture api, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var x = await FakeXApi.StartAsync();
        var connectionString = await api.Server.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["XApi:BaseUrl"] = x.BaseUrl,
            ["XApi:BearerToken"] = FakeXApi.Token,
            ["XApi:WorkerEnabled"] = "false",
            ["XApi:HttpRetryDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new ApiFactory(connectionString, settings);
        factory.StartServer();
        return new XApiHarness(x, factory, connectionString);
    }

    public async Task<(Guid TenantId, HttpClient Http)> NewTenantAsync()
    {
        var tenant = await Factory.Services.GetRequiredService<TenantStore>().CreateAsync($"x-{Guid.NewGuid():N}", CancellationToken.None);
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        return (tenant.TenantId, client);
    }

    /// <summary>One worker round, bounded in time.</summary>
    public async Task<int> ProcessAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await Worker.ProcessDueAsync(timeout.Token);
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await X.DisposeAsync();
    }
}

public static class LookupRequests
{
    public static readonly JsonObject Grant = new() { ["granted"] = true, ["noticeVersion"] = "privacy-2026-01", ["method"] = "ats_form" };

    public static readonly JsonObject Withdrawal = new() { ["granted"] = false, ["method"] = "email" };

    /// <summary>The engaged professional of <see cref="Requests"/> without declared evidence: only a handle, and a consent when given.</summary>
    public static JsonObject HandleOnly(string externalId = "ats-1", string twitter = "camille_m", JsonObject? consent = null)
    {
        var body = Requests.EngagedProfessional(externalId).With("evidence", null).With("candidate.twitter", twitter);
        return consent is null ? body : body.With("candidate.consent", consent.DeepClone());
    }

    /// <summary>Screens a handle-only candidate who consented, and returns the (pending) assessment.</summary>
    public static async Task<AssessmentResponse> ScreenWithConsentAsync(this HttpClient http) =>
        await (await http.PostJsonAsync("/v1/screenings", HandleOnly(consent: Grant))).ReadAssessmentAsync();

    public static async Task<AssessmentResponse> GetAssessmentAsync(this HttpClient http, Guid id) =>
        await (await http.GetAsync($"/v1/assessments/{id}")).ReadAssessmentAsync();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, JsonNode body) =>
        http.PostAsJsonAsync(path, body);
}
