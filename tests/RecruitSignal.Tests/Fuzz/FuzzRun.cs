using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace RecruitSignal.Tests.Fuzz;

/// <summary>Sends cases one at a time, judges each answer and the tenant's rows after it, and keeps the tally.</summary>
public sealed class FuzzRun(NpgsqlConnection connection, TenantChecksum checksum, int seed)
{
    private const int FailuresShown = 30;

    private readonly Dictionary<Guid, string> _lastChecksum = [];
    private readonly List<string> _failures = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public int Sent { get; private set; }

    public int ServerErrors { get; private set; }

    public int Refused { get; private set; }

    public int NotSent { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Cases sent a second time because the server had closed the kept-alive connection the first went out on.</summary>
    public int Resent { get; private set; }

    public async Task SendAsync(FuzzTenant tenant, FuzzCase fuzz)
    {
        var before = _lastChecksum.TryGetValue(tenant.Id, out var known) ? known : await checksum.ReadAsync(connection, tenant.Id);
        HttpResponseMessage response;
        try
        {
            response = await SendOnceAsync(tenant, fuzz);
        }
        catch (HttpRequestException e) when (e.InnerException is null or ArgumentException or FormatException)
        {
            NotSent++; // the client itself would not send it (a header HttpClient refuses): nothing reached the service
            return;
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            // A connection kept alive after an earlier refusal may be closed by the server just as the next case goes
            // out on it (seen once in a few thousand cases on a loaded machine). Sent again, the case gets a connection
            // of its own; a request the server really drops fails the second time too.
            Resent++;
            try
            {
                response = await SendOnceAsync(tenant, fuzz);
            }
            catch (HttpRequestException again)
            {
                throw new HttpRequestException($"{again.Message} Sending (twice): {fuzz.Describe()} (replay with {FuzzTests.SeedVariable}={seed})", again);
            }
        }
        catch (HttpRequestException e)
        {
            throw new HttpRequestException($"{e.Message} Sending: {fuzz.Describe()} (replay with {FuzzTests.SeedVariable}={seed})", e);
        }

        using (response)
        {
            Sent++;
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            var after = await checksum.ReadAsync(connection, tenant.Id);
            _lastChecksum[tenant.Id] = after;
            ServerErrors += status >= 500 ? 1 : 0;
            Refused += status >= 400 ? 1 : 0;
            var byServer = body.Length == 0 && response.Content.Headers.ContentType is null && response.Headers.ConnectionClose == true;
            if (Oracle.Judge(fuzz, status, response.Content.Headers.ContentType?.MediaType, body, after != before, byServer) is { } wrong)
            {
                _failures.Add($"{wrong}\n    {fuzz.Describe()}");
            }
        }
    }

    private static async Task<HttpResponseMessage> SendOnceAsync(FuzzTenant tenant, FuzzCase fuzz)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), fuzz.Url);
        if (fuzz.Body is not null)
        {
            // A body past the service's cap is refused before it is read; with 100-continue the client waits for
            // that answer instead of writing into a connection the server is closing.
            request.Headers.ExpectContinue = fuzz.Body.Length > 60 * 1024;
            request.Content = new ByteArrayContent(fuzz.Body);
            if (fuzz.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
            }
        }

        foreach (var (name, value) in fuzz.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await tenant.Http.SendAsync(request);
    }

    public string Summary(int operations, int undocumented, int systematic) => string.Create(CultureInfo.InvariantCulture,
        $"fuzz: seed {seed}, {Sent:N0} requests ({systematic:N0} by class, {Sent - systematic:N0} drawn at random) sent to {operations} operations "
        + $"({undocumented} not in the OpenAPI document), "
        + $"{ServerErrors} answered 5xx, {Refused:N0} refused, {_failures.Count} wrong answers, {NotSent} not sendable, {Resent} resent on a new connection, "
        + $"{_clock.Elapsed.TotalSeconds:0.0} s");

    public string FailureReport() => string.Join("\n", _failures.Take(FailuresShown).Select((f, i) => $"{i + 1}. {f}"))
        + (_failures.Count > FailuresShown ? $"\n... and {_failures.Count - FailuresShown} more" : "");
}
