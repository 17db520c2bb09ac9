using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace RecruitSignal.Tests.Contract;

/// <summary>
/// Sits in every HttpClient the integration tests get from <see cref="Integration.ApiFactory"/>: each response of a
/// documented operation is checked against the document the same service serves (<c>/openapi/v1.json</c>), and a
/// mismatch fails the test that made the request. Addresses the document does not describe (pages, unknown
/// routes) pass unchecked. Operations added later are covered as soon as they are in the document.
/// </summary>
public sealed class ContractCheckingHandler : DelegatingHandler
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<OpenApiContract>>> Contracts = new();

    static ContractCheckingHandler()
    {
        // The run's tally, for people: every test's checked responses, by operation and status.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RepositoryFiles.WriteResult("contract-tally.txt", Tally.Lines());
    }

    /// <summary>Responses checked and mismatches found, over the whole test run.</summary>
    public static ContractTally Tally { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestBody = await RequestJsonAsync(request, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        var uri = request.RequestUri!;
        var contract = await ContractAsync(uri, cancellationToken);
        if (contract.Find(request.Method.Method, uri.AbsolutePath) is not { } operation)
        {
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var exchange = new Exchange(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync(cancellationToken),
            response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase),
            [.. QueryHelpers.ParseQuery(uri.Query).SelectMany(q => q.Value.Select(v => (q.Key, v ?? "")))],
            requestBody);
        var mismatches = contract.Check(operation, exchange);
        Tally.Record(operation.Name, exchange.Status, mismatches.Count);
        if (mismatches.Count > 0)
        {
            throw new ContractMismatchException(
                $"{request.Method} {uri.PathAndQuery} -> {exchange.Status} does not match the OpenAPI document ({operation.Name}):\n  "
                + string.Join("\n  ", mismatches));
        }

        return response;
    }

    /// <summary>The document of the service at this address, read once.</summary>
    public static Task<OpenApiContract> ContractAsync(Uri address, CancellationToken ct) =>
        Contracts.GetOrAdd(address.GetLeftPart(UriPartial.Authority), origin => new Lazy<Task<OpenApiContract>>(async () =>
        {
            using var client = new HttpClient { BaseAddress = new Uri(origin) };
            return OpenApiContract.Parse(await client.GetStringAsync("/openapi/v1.json", ct));
        })).Value;

    /// <summary>The request's JSON body, when it has one that can be read twice (streamed bodies are left alone).</summary>
    private static async Task<JsonNode?> RequestJsonAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.Content is not (JsonContent or StringContent or ByteArrayContent)
            || request.Content.Headers.ContentType?.MediaType is not { } type || !type.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        await request.Content.LoadIntoBufferAsync(ct);
        try
        {
            return JsonNode.Parse(await request.Content.ReadAsStringAsync(ct));
        }
        catch (JsonException)
        {
            return null; // malformed on purpose: the service must refuse it, which the response check sees
        }
    }
}

public sealed class ContractMismatchException(string message) : Exception(message);

public sealed class ContractTally
{
    private readonly ConcurrentDictionary<(string Operation, int Status), int> _checked = new();
    private int _mismatches;

    public int Responses => _checked.Values.Sum();

    public int Mismatches => _mismatches;

    public IReadOnlyDictionary<(string Operation, int Status), int> ByOperation => _checked;

    public IEnumerable<string> Lines() =>
        new[] { $"{Responses} responses of {_checked.Keys.Select(k => k.Operation).Distinct().Count()} operations checked against the OpenAPI document, {Mismatches} mismatches" }
            .Concat(_checked.GroupBy(c => c.Key.Operation).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"  {g.Key}: {string.Join(", ", g.OrderBy(c => c.Key.Status).Select(c => $"{c.Key.Status} x{c.Value}"))}"));

    public void Record(string operation, int status, int mismatches)
    {
        _checked.AddOrUpdate((operation, status), 1, (_, n) => n + 1);
        Interlocked.Add(ref _mismatches, mismatches > 0 ? 1 : 0);
    }
}
