using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Outbound;
using RecruitSignal.Tenants;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.XApi;

namespace RecruitSignal.Tests.Fuzz;

/// <summary>
/// The service as the fuzz suite runs it: on a database of its own, every background loop off (so a tenant's
/// rows change only through the requests sent), no request limit, X API lookups against the fake X, and DNS
/// answered by <see cref="FuzzResolver"/>.
/// </summary>
public static class FuzzService
{
    public static ApiFactory Create(string database, FakeXApi x) => new(database, new Dictionary<string, string?>
    {
        ["RateLimits:PermitLimit"] = "1000000",
        ["Webhooks:DispatcherEnabled"] = "false",
        ["Rescoring:Enabled"] = "false",
        ["Retention:Enabled"] = "false",
        ["Idempotency:PurgeEnabled"] = "false",
        ["XApi:BaseUrl"] = x.BaseUrl,
        ["XApi:BearerToken"] = FakeXApi.Token,
        ["XApi:WorkerEnabled"] = "false",
    }, configure: host => host.ConfigureTestServices(services => services.AddSingleton<HostResolver>(new FuzzResolver())));

    /// <summary>A tenant of its own, with one of each resource a route can name (from the document's own examples).</summary>
    public static async Task<FuzzTenant> NewTenantAsync(ApiFactory service, IReadOnlyList<Operation> operations)
    {
        var created = await service.Services.GetRequiredService<TenantStore>().CreateAsync($"fuzz-{Guid.NewGuid():N}", CancellationToken.None);
        using var probe = service.CreateClient(); // knows the address Kestrel listens on
        // A client of our own rather than the factory's, for one setting: a large body is sent with Expect: 100-continue,
        // and the default 1 s wait for the server's answer can end on a busy machine before a refusal (401, 413...)
        // arrives; the client then writes the body into a connection the server is closing, and the answer is lost.
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, Expect100ContinueTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = probe.BaseAddress!,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.ApiKey);
        http.Timeout = TimeSpan.FromSeconds(30);

        var screening = await PostExampleAsync(http, operations, "/v1/screenings");
        await PostExampleAsync(http, operations, "/v1/policies");
        var webhook = await PostExampleAsync(http, operations, "/v1/webhooks");
        var delivery = await PostAsync(http, $"/v1/webhooks/{webhook["id"]}/test", null);
        var job = await PostExampleAsync(http, operations, "/v1/rescoring-jobs");
        var ids = new Dictionary<string, string>
        {
            ["assessments"] = (string)screening["id"]!,
            ["candidates"] = (string)screening["candidateId"]!,
            ["webhooks"] = (string)webhook["id"]!,
            ["deliveries"] = (string)delivery["id"]!,
            ["rescoring-jobs"] = (string)job["id"]!,
            ["openapi"] = "v1",
        };
        return new FuzzTenant(created.TenantId, http, ids);
    }

    private static Task<JsonNode> PostExampleAsync(HttpClient http, IReadOnlyList<Operation> operations, string path) =>
        PostAsync(http, path, operations.Single(o => o.Method == "POST" && o.Path == path).BodyExample
            ?? throw new InvalidOperationException($"POST {path} has no example body in the OpenAPI document"));

    private static async Task<JsonNode> PostAsync(HttpClient http, string path, JsonNode? body)
    {
        var response = await http.PostAsync(path, body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text)!
            : throw new InvalidOperationException($"seeding the fuzz tenant: POST {path} answered {(int)response.StatusCode}: {text}");
    }
}

/// <summary>A fuzz tenant: its client, and the id to put in a route after each kind of segment.</summary>
public sealed record FuzzTenant(Guid Id, HttpClient Http, IReadOnlyDictionary<string, string> Ids)
{
    /// <summary>The seeded id after a known segment ("/assessments/{id}"); a fixed unknown id elsewhere (a 404, after validation).</summary>
    public string Route(string segmentBefore, string name) =>
        Ids.TryGetValue(segmentBefore, out var id) ? id : name.EndsWith("id", StringComparison.OrdinalIgnoreCase) ? "01980000-0000-7000-8000-000000000000" : "fuzz";
}

/// <summary>
/// DNS for the fuzz service: *.example.com is a public host, except internal.example.com (a private address) and
/// rebinding.example.com (one public and one loopback address); localhost is loopback; any other name does not resolve.
/// </summary>
public sealed class FuzzResolver : HostResolver
{
    private static readonly IPAddress Public = IPAddress.Parse("93.184.215.14");

    public override Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => host.ToLowerInvariant() switch
    {
        "localhost" => Task.FromResult<IPAddress[]>([IPAddress.Loopback, IPAddress.IPv6Loopback]),
        "internal.example.com" => Task.FromResult<IPAddress[]>([IPAddress.Parse("10.0.0.5")]),
        "rebinding.example.com" => Task.FromResult<IPAddress[]>([Public, IPAddress.Loopback]),
        var name when name == "example.com" || name.EndsWith(".example.com", StringComparison.Ordinal) => Task.FromResult<IPAddress[]>([Public]),
        _ => Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)),
    };
}
