using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RecruitSignal.Tests.Contract;

/// <summary>
/// Calls every operation of the document, driven by the document alone: the success path (the request example
/// of the operation's body schema, path ids learnt from earlier answers, required query values learnt the same
/// way) and the error paths every operation of its kind has (no key, an unknown id, a body that is not JSON, an
/// unknown field, the wrong content type, an oversized body, a query value of the wrong type or outside its enum,
/// an Idempotency-Key replayed, reused or malformed, oversized headers). Every answer goes through the
/// <see cref="ContractCheckingHandler"/>; nothing here expects a particular status: the document says what is right.
/// </summary>
public sealed class ConformancePass(OpenApiContract contract, HttpClient tenant, HttpClient anonymous)
{
    private readonly LearntValues _learnt = new();
    private string? _lastKey;

    public List<string> Mismatches { get; } = [];

    public Dictionary<string, SortedSet<int>> Statuses { get; } = [];

    public int Responses { get; private set; }

    public async Task RunAsync()
    {
        // Twice: the second round knows the ids the first one created (a delivery is only listed after a ping).
        for (var round = 0; round < 2; round++)
        {
            foreach (var operation in Ordered(contract.Operations.Where(op => op.Method != "DELETE")))
            {
                await SuccessAsync(operation);
            }
        }

        foreach (var operation in contract.Operations)
        {
            await ErrorPathsAsync(operation);
        }

        // Erasing a candidate removes what hangs from it (invitations, assessments), so candidates go last.
        foreach (var operation in Ordered(contract.Operations.Where(op => op.Method == "DELETE"))
            .OrderBy(op => op.Template.StartsWith("/v1/candidates", StringComparison.Ordinal)))
        {
            await SuccessAsync(operation);
        }
    }

    // Creating before updating before reading: what a later call needs exists by then.
    private static IEnumerable<ContractOperation> Ordered(IEnumerable<ContractOperation> operations) =>
        operations.OrderBy(op => (op.Method, op.PathParameters.Any()) switch
        {
            ("POST", false) => 0,
            ("PUT", _) => 1,
            ("POST", true) => 2,
            _ => 3,
        }).ThenBy(op => op.Template.Count(c => c == '/')).ThenBy(op => op.Template, StringComparer.Ordinal);

    private async Task SuccessAsync(ContractOperation operation)
    {
        var request = Request(operation, _learnt.Path(operation), Example(operation));
        if (LearntValues.Parameters(operation, "header").Any(p => (string?)p["name"] == "Idempotency-Key"))
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        if (LearntValues.Parameters(operation, "header").Any(p => (string?)p["name"] == "Accept-Language"))
        {
            request.Headers.AcceptLanguage.ParseAdd("fr-FR, fr;q=0.9");
        }

        await SendAsync(operation, request, Secured(operation) ? tenant : anonymous);
    }

    private async Task ErrorPathsAsync(ContractOperation operation)
    {
        var path = _learnt.Path(operation);
        var example = Example(operation);
        if (Secured(operation))
        {
            await SendAsync(operation, Request(operation, path, example), anonymous);
        }

        if (operation.PathParameters.Any())
        {
            var unknown = operation.PathParameters.Aggregate(operation.Template, (p, name) => p.Replace($"{{{name}}}", Guid.NewGuid().ToString(), StringComparison.Ordinal));
            await SendAsync(operation, Request(operation, unknown + _learnt.Query(operation), example), tenant);
        }

        if (operation.Node["requestBody"] is not null)
        {
            foreach (var (body, type) in new[] { ("{\"candidate\": ", "application/json"), ("{\"notAField\": 1}", "application/json"), ("[]", "application/json"),
                (example?.ToJsonString() ?? "{}", "text/plain"), ($"{{\"padding\": \"{new string('x', 80 * 1024)}\"}}", "application/json") })
            {
                var request = Request(operation, path, null);
                request.Content = new StringContent(body, Encoding.UTF8, type);
                await SendAsync(operation, request, tenant);
            }
        }

        foreach (var parameter in LearntValues.Parameters(operation, "query"))
        {
            var name = (string)parameter["name"]!;
            var bad = parameter["schema"]?["enum"] is not null ? "not-a-value" : (string?)parameter["schema"]?["type"] is "integer" or "boolean" ? "abc" : null;
            if (bad is not null)
            {
                await SendAsync(operation, Request(operation, $"{path.Split('?')[0]}?{name}={bad}", example), tenant);
            }
        }

        if (LearntValues.Parameters(operation, "header").Any(p => (string?)p["name"] == "Idempotency-Key"))
        {
            // The same key twice (the second is a replay), the key another operation used (422: another request),
            // and a malformed key.
            var key = Guid.NewGuid().ToString();
            var others = _lastKey is null ? [] : new[] { (example, _lastKey) };
            foreach (var (body, value) in new[] { (example, key), (example, key) }.Concat(others).Append((example, new string('k', 300))))
            {
                var request = Request(operation, path, body);
                request.Headers.TryAddWithoutValidation("Idempotency-Key", value);
                await SendAsync(operation, request, tenant);
            }

            _lastKey = key;
        }

        if (operation.Node["responses"]?["431"] is not null)
        {
            var request = Request(operation, path, example);
            request.Headers.TryAddWithoutValidation("X-Padding", new string('h', 40 * 1024));
            await SendAsync(operation, request, anonymous);
        }
    }

    private async Task SendAsync(ContractOperation operation, HttpRequestMessage request, HttpClient client)
    {
        Responses++;
        if (client == tenant && operation.Node["security"] is JsonArray { Count: > 0 } security && security[0]?["GreenhouseBasic"] is not null)
        {
            // Greenhouse's calls take the same key as Basic: the username, an empty password.
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(tenant.DefaultRequestHeaders.Authorization!.Parameter + ":")));
        }

        try
        {
            using var response = await SendOrResendAsync(request, client);
            Statuses.TryAdd(operation.Name, []);
            Statuses[operation.Name].Add((int)response.StatusCode);
            await _learnt.LearnAsync(operation, response);
        }
        catch (ContractMismatchException e)
        {
            Mismatches.Add(e.Message);
        }
        catch (HttpRequestException) when (request.Headers.Contains("X-Padding"))
        {
            // The server may close the connection on oversized headers before a client reads an answer.
            Responses--;
        }
    }

    /// <summary>How many requests went out a second time on a new connection (see <see cref="SendOrResendAsync"/>).</summary>
    public int Resent { get; private set; }

    /// <summary>
    /// Sends the request; when the server closed the kept-alive connection just as it went out (as after a refusal of
    /// an oversized body, the connection being closed), sends a copy once more on a new connection. A request the
    /// server really drops fails the second time too, naming the request.
    /// </summary>
    private async Task<HttpResponseMessage> SendOrResendAsync(HttpRequestMessage request, HttpClient client)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync();
        try
        {
            return await client.SendAsync(request);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            Resent++;
            var again = new HttpRequestMessage(request.Method, request.RequestUri);
            foreach (var header in request.Headers)
            {
                again.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            if (body is not null)
            {
                again.Content = new ByteArrayContent(body);
                foreach (var header in request.Content!.Headers)
                {
                    again.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            try
            {
                return await client.SendAsync(again);
            }
            catch (HttpRequestException twice)
            {
                throw new HttpRequestException($"{twice.Message} Sending (twice): {request.Method} {request.RequestUri} ({body?.Length ?? 0} bytes)", twice);
            }
        }
    }

    private JsonNode? Example(ContractOperation operation)
    {
        var media = operation.Node["requestBody"]?["content"]?["application/json"];
        if (media?["example"] is { } example)
        {
            return example.DeepClone();
        }

        var schema = media?["schema"];
        var reference = (string?)schema?["$ref"] ?? schema?["oneOf"]?.AsArray().Select(o => (string?)o?["$ref"]).FirstOrDefault(r => r is not null);
        var resolved = reference is null ? schema : contract.Document["components"]!["schemas"]![reference.Split('/')[^1]];
        return resolved?["examples"]?[0]?.DeepClone();
    }

    private static HttpRequestMessage Request(ContractOperation operation, string path, JsonNode? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        return request;
    }

    private static bool Secured(ContractOperation operation) => operation.Node["security"] is JsonArray { Count: > 0 };
}
