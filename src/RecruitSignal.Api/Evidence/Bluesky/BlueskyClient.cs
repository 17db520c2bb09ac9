using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace RecruitSignal.Presence.Bluesky;

internal enum ProfileOutcome { Found, NotFound, Suspended }

/// <summary>
/// The reads of Bluesky a lookup needs: a DID document from the PLC directory, app.bsky.actor.getProfile and pages of
/// app.bsky.feed.getAuthorFeed from the AppView, all public and unauthenticated. What is left after the HTTP retries
/// is an answer or a <see cref="LookupException"/>.
/// </summary>
public sealed class BlueskyClient(HttpClient http, IOptions<BlueskyOptions> options, TimeProvider clock)
{
    public const int PageSize = 100;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal async Task<DidDocument?> GetDidDocumentAsync(string did, CancellationToken ct)
    {
        using var response = await SendAsync(new Uri(new Uri(options.Value.PlcDirectoryUrl), "/" + Uri.EscapeDataString(did)), ct);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => await ReadAsync<DidDocument>(response, ct),
            HttpStatusCode.NotFound or HttpStatusCode.Gone => null, // never registered, or tombstoned
            _ => throw Failure(response),
        };
    }

    internal async Task<(ProfileOutcome Outcome, BlueskyProfile? Profile)> GetProfileAsync(string did, CancellationToken ct)
    {
        using var response = await SendAsync(AppView($"app.bsky.actor.getProfile?actor={Uri.EscapeDataString(did)}"), ct);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return (ProfileOutcome.Found, await ReadAsync<BlueskyProfile>(response, ct));
        }

        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var error = await ReadAsync<BlueskyError>(response, ct);
            switch (error?.Error)
            {
                case "AccountTakedown":
                    return (ProfileOutcome.Suspended, null);
                case "AccountDeactivated":
                    return (ProfileOutcome.NotFound, null);
                case "InvalidRequest" when error.Message == "Profile not found":
                    return (ProfileOutcome.NotFound, null);
            }
        }

        throw Failure(response);
    }

    internal async Task<BlueskyFeed> GetAuthorFeedAsync(string did, string? cursor, CancellationToken ct)
    {
        var query = $"app.bsky.feed.getAuthorFeed?actor={Uri.EscapeDataString(did)}&limit={PageSize}&filter=posts_with_replies";
        if (cursor is not null)
        {
            query += $"&cursor={Uri.EscapeDataString(cursor)}";
        }

        using var response = await SendAsync(AppView(query), ct);
        return response.StatusCode == HttpStatusCode.OK
            ? await ReadAsync<BlueskyFeed>(response, ct) ?? throw LookupException.Unexpected("Bluesky answered the feed read with an empty body.")
            : throw Failure(response);
    }

    private Uri AppView(string methodAndQuery) => new(new Uri(options.Value.AppViewUrl), "/xrpc/" + methodAndQuery);

    private async Task<HttpResponseMessage> SendAsync(Uri uri, CancellationToken ct)
    {
        try
        {
            return await http.GetAsync(uri, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw LookupException.Transient($"Bluesky did not answer ({e.GetType().Name}) after the retries.");
        }
    }

    private LookupException Failure(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // The AppView sends ratelimit-reset in epoch seconds; without it, wait a whole 5-minute window.
            var now = clock.GetUtcNow();
            var reset = response.Headers.TryGetValues("ratelimit-reset", out var values)
                && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds).AddSeconds(1) : now.AddMinutes(5);
            return LookupException.RateLimited($"Bluesky rate limit reached; it resets at {reset:O}.", reset > now ? reset : now.AddSeconds(1));
        }

        return code >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout
            ? LookupException.Transient($"Bluesky answered HTTP {code} after the retries.")
            : LookupException.Unexpected($"Bluesky answered HTTP {code}.");
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct);
        }
        catch (JsonException)
        {
            throw LookupException.Unexpected("Bluesky answered with JSON this service cannot read.");
        }
    }
}
