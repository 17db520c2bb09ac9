using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using RecruitSignal.Telemetry;

namespace RecruitSignal.Presence.X;

/// <summary>
/// The two X API v2 reads a lookup needs. Retries of 5xx and timeouts happen below, in the resilience
/// handler; what is left is either a parsed answer or an <see cref="LookupException"/>.
/// </summary>
public sealed class XApiClient(HttpClient http, XApiStatus status, TimeProvider clock)
{
    public const int PageSize = 100;
    private const string UserFields = "created_at,description,protected,public_metrics,most_recent_tweet_id";
    private const string PostFields = "created_at,referenced_tweets";

    // Without a reset header, X's rate limit windows are 15 minutes long.
    private static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromMinutes(15);

    internal async Task<XUserLookup> GetUserAsync(string username, XReadAllowance allowance, CancellationToken ct)
    {
        var path = $"/2/users/by/username/{Uri.EscapeDataString(username)}?user.fields={UserFields}";
        using var response = await SendAsync(path, allowance, ct);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound)
        {
            var body = await ReadAsync<XUserResponse>(response, ct);
            if (body?.Data is { } user && response.StatusCode == HttpStatusCode.OK)
            {
                return new XUserLookup(XUserOutcome.Found, user);
            }

            var errors = body?.Errors ?? [];
            if (errors.Any(e => e.SaysSuspended))
            {
                return new XUserLookup(XUserOutcome.Suspended, null);
            }

            if (response.StatusCode == HttpStatusCode.NotFound || errors.Any(e => e.IsResourceNotFound))
            {
                return new XUserLookup(XUserOutcome.NotFound, null);
            }

            throw LookupException.Unexpected("X answered the user lookup without a user or a known error.");
        }

        throw Failure(response);
    }

    internal async Task<XTimelineResponse> GetPostsAsync(
        string userId, DateTimeOffset windowStart, string? paginationToken, XReadAllowance allowance, CancellationToken ct)
    {
        var start = windowStart.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var path = $"/2/users/{Uri.EscapeDataString(userId)}/tweets?start_time={start}&max_results={PageSize}&tweet.fields={PostFields}";
        if (paginationToken is not null)
        {
            path += $"&pagination_token={Uri.EscapeDataString(paginationToken)}";
        }

        using var response = await SendAsync(path, allowance, ct);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return await ReadAsync<XTimelineResponse>(response, ct)
                ?? throw LookupException.Unexpected("X answered the timeline read with an empty body.");
        }

        throw Failure(response);
    }

    /// <summary>One read of the tenant's budget per call, taken before it and given back if X could not be reached.</summary>
    private async Task<HttpResponseMessage> SendAsync(string path, XReadAllowance allowance, CancellationToken ct)
    {
        if (!await allowance.Spend(ct))
        {
            throw XFailures.BudgetExhausted();
        }

        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            await allowance.Refund(CancellationToken.None);
            throw LookupException.Transient($"X did not answer ({e.GetType().Name}) after the retries.");
        }

        if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
        {
            status.Accepted();
        }

        Instruments.XRead(Redaction.XRoute(path.Split('?')[0]) ?? "other", RateLimitRemaining(response));
        return response;
    }

    private static long? RateLimitRemaining(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-rate-limit-remaining", out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var remaining)
            ? remaining
            : null;

    private LookupException Failure(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        switch (response.StatusCode)
        {
            case HttpStatusCode.TooManyRequests:
                return XFailures.RateLimited(ResetOf(response));
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                status.Refused(code, clock.GetUtcNow());
                return XFailures.Refused(code);
            case HttpStatusCode.RequestTimeout:
                return LookupException.Transient("X timed out the request (HTTP 408) after the retries.");
            default:
                return code >= 500
                    ? LookupException.Transient($"X answered HTTP {code} after the retries.")
                    : LookupException.Unexpected($"X answered HTTP {code}.");
        }
    }

    private DateTimeOffset ResetOf(HttpResponseMessage response)
    {
        var now = clock.GetUtcNow();
        if (response.Headers.TryGetValues("x-rate-limit-reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var epochSeconds))
        {
            var reset = DateTimeOffset.FromUnixTimeSeconds(epochSeconds).AddSeconds(1);
            return reset > now ? reset : now.AddSeconds(1);
        }

        return now + DefaultRateLimitWait;
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(XJson.Options, ct);
        }
        catch (System.Text.Json.JsonException)
        {
            throw LookupException.Unexpected("X answered with JSON this service cannot read.");
        }
    }
}

internal enum XUserOutcome { Found, NotFound, Suspended }

internal sealed record XUserLookup(XUserOutcome Outcome, XUser? User);
