using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace RecruitSignal.Presence.Mastodon;

/// <summary>
/// The reads of one Mastodon server a lookup needs, unauthenticated: WebFinger, the account lookup and pages of its
/// statuses. Every read is taken from the server's politeness window first; the server's own X-RateLimit-* headers
/// and 429 (with an ISO 8601 reset) close the window until its reset. A server that refuses unauthenticated reads,
/// times out or answers 5xx is unavailable: a transient failure, retried later, never an absent account.
/// </summary>
public sealed class MastodonClient(HttpClient http, MastodonServerLimits limits, TimeProvider clock)
{
    public const int PageSize = 40; // Mastodon's largest statuses page
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Whether the server's WebFinger knows the account: the proof that the host runs Mastodon for this user.</summary>
    internal async Task<bool> WebFingerAsync(MastodonHandle handle, CancellationToken ct)
    {
        using var response = await SendAsync(handle.Server, $"/.well-known/webfinger?resource={Uri.EscapeDataString("acct:" + handle.Value)}", ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return false;
        }

        var answer = response.IsSuccessStatusCode ? await ReadAsync<WebFingerAnswer>(response, ct) : throw Failure(handle.Server, response);
        return string.Equals(answer?.Subject, "acct:" + handle.Value, StringComparison.OrdinalIgnoreCase);
    }

    internal async Task<MastodonAccountView?> LookupAsync(MastodonHandle handle, CancellationToken ct)
    {
        using var response = await SendAsync(handle.Server, $"/api/v1/accounts/lookup?acct={Uri.EscapeDataString(handle.Username)}", ct);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => await ReadAsync<MastodonAccountView>(response, ct),
            HttpStatusCode.NotFound or HttpStatusCode.Gone => null,
            _ => throw Failure(handle.Server, response),
        };
    }

    internal async Task<IReadOnlyList<MastodonStatus>> StatusesAsync(string server, string accountId, string? maxId, CancellationToken ct)
    {
        var path = $"/api/v1/accounts/{Uri.EscapeDataString(accountId)}/statuses?limit={PageSize}";
        if (maxId is not null)
        {
            path += $"&max_id={Uri.EscapeDataString(maxId)}";
        }

        using var response = await SendAsync(server, path, ct);
        return response.StatusCode == HttpStatusCode.OK
            ? await ReadAsync<List<MastodonStatus>>(response, ct) ?? []
            : throw Failure(server, response);
    }

    private async Task<HttpResponseMessage> SendAsync(string server, string pathAndQuery, CancellationToken ct)
    {
        limits.Take(server);
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(new Uri($"https://{server}{pathAndQuery}"), ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw LookupException.Transient($"The Mastodon server {server} did not answer ({e.GetType().Name}).");
        }

        if (Header(response, "X-RateLimit-Remaining") == "0" && ResetOf(response) is { } reset)
        {
            limits.Exhausted(server, reset);
        }

        return response;
    }

    private LookupException Failure(string server, HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var reset = ResetOf(response) ?? clock.GetUtcNow() + MastodonServerLimits.Window;
            limits.Exhausted(server, reset);
            return MastodonServerLimits.RateLimited(server, reset);
        }

        return response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? LookupException.Transient($"The Mastodon server {server} refuses unauthenticated reads (HTTP {code}); unavailable for now.")
            : code >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout
                ? LookupException.Transient($"The Mastodon server {server} answered HTTP {code}; unavailable for now.")
                : LookupException.Unexpected($"The Mastodon server {server} answered HTTP {code}.");
    }

    /// <summary>Mastodon sends X-RateLimit-Reset as an ISO 8601 date, not epoch seconds.</summary>
    private DateTimeOffset? ResetOf(HttpResponseMessage response)
    {
        var now = clock.GetUtcNow();
        return DateTimeOffset.TryParse(Header(response, "X-RateLimit-Reset"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var reset)
            ? (reset > now ? reset : now.AddSeconds(1))
            : null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct);
        }
        catch (JsonException)
        {
            throw LookupException.Unexpected("A Mastodon server answered with JSON this service cannot read.");
        }
    }
}
