using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Database;
using RecruitSignal.Infrastructure;
using RecruitSignal.Input;
using RecruitSignal.Tenants;

namespace RecruitSignal.Idempotency;

/// <summary>
/// Runs a creating endpoint in one transaction and, when the request carries an Idempotency-Key,
/// claims the key in that same transaction: a retry gets the first answer replayed, a different
/// body under the same key gets 422, and a retry that overlaps the first request gets 409.
/// </summary>
public sealed class IdempotencyFilter<TBody>(NpgsqlDataSource dataSource, IdempotencyStore store, IOptions<IdempotencyOptions> options) : IEndpointFilter
{
    private const int MaxAttempts = 3;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var ct = http.RequestAborted;
        if (!TryReadKey(http.Request, out var key, out var keyProblem))
        {
            return keyProblem;
        }

        // A transient database failure before COMMIT is sent leaves nothing written, so the whole
        // transaction runs again on a fresh connection. A failure during COMMIT is not retried:
        // the work may have been stored, and only the client's Idempotency-Key can tell.
        for (var attempt = 1; ; attempt++)
        {
            var committing = false;
            try
            {
                return await RunAsync(context, next, key, () => committing = true, ct);
            }
            catch (Exception e) when (!committing && attempt < MaxAttempts && Transient.IsTransient(e) && !ct.IsCancellationRequested)
            {
                dataSource.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), ct);
            }
        }
    }

    private async Task<object?> RunAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next, string? key, Action committing, CancellationToken ct)
    {
        var http = context.HttpContext;
        await using var work = http.RequestServices.GetRequiredService<RequestTransaction>();
        var tx = await work.BeginAsync(dataSource, ct);
        IdempotencyClaim? claim = null;
        if (key is not null)
        {
            var body = context.Arguments.OfType<TBody>().FirstOrDefault();
            var fingerprint = IdempotencyStore.Fingerprint(http.Request.Method, Resource(http), JsonSerializer.SerializeToUtf8Bytes(body, Json.Options));
            claim = new IdempotencyClaim(store, http.User.TenantId(), key, fingerprint, options.Value.Retention, answer => CaptureBeforehandAsync(http, answer, fingerprint));
            work.Claim = claim;
            // An endpoint that claims the key in its own batch does so itself; any other claims it here, on its own round trip.
            if (http.GetEndpoint()?.Metadata.GetMetadata<ClaimsKeyInItsBatch>() is null && !await claim.TryClaimAsync(tx, ct))
            {
                return Taken(http, claim);
            }
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch (IdempotencyKeyTakenException)
        {
            return Taken(http, claim!);
        }

        if (!IsSuccess(result))
        {
            // A refusal before the handler claimed: an answer stored under the key still comes first, as if claimed beforehand.
            // Disposing the transaction rolls it back: nothing written, key not claimed.
            return claim is { IsClaimed: false } && !await claim.TryClaimAsync(tx, ct) ? Taken(http, claim) : result;
        }

        if (claim is null)
        {
            committing();
            await tx.CommitAsync(ct);
            return result;
        }

        if (!claim.IsClaimed)
        {
            throw new InvalidOperationException("The endpoint wrote without claiming its Idempotency-Key (IdempotencyClaim).");
        }

        var answer = claim.StoredInBatch;
        if (answer is null)
        {
            answer = await CaptureAsync(http, (IResult)result!, claim.Fingerprint);
            await store.SaveAsync(tx, claim.TenantId, claim.Key, Replayable(http, result, answer), options.Value.Retention, ct);
        }

        committing();
        await tx.CommitAsync(ct);
        return new ReplayResult(answer, Replayed: false);
    }

    /// <summary>The answer when the key is taken: the stored answer replayed, 422 for another request, 409 while the first runs.</summary>
    private static IResult Taken(HttpContext http, IdempotencyClaim claim)
    {
        if (claim.Found is not { } stored)
        {
            http.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A request with this Idempotency-Key is still in progress.",
                detail: "Retry after a moment: once the first request finishes, its answer is replayed.");
        }

        return stored.RequestFingerprint.AsSpan().SequenceEqual(claim.Fingerprint)
            ? new ReplayResult(stored, Replayed: true)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "This Idempotency-Key was used for a different request.",
                detail: "A key stands for one request (method, endpoint and body; the path's case and a trailing slash do not matter); use a new key for a new request.");
    }

    /// <summary>
    /// The answer a handler will give, captured before its batch (to be stored in it): as sent, and as kept for replays.
    /// The response is left as it was, since the key may still turn out taken and another answer go out.
    /// </summary>
    private static async Task<(StoredAnswer Sent, StoredAnswer Kept)> CaptureBeforehandAsync(HttpContext http, IResult answer, byte[] fingerprint)
    {
        var sent = await CaptureAsync(http, answer, fingerprint);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = null;
        http.Response.Headers.Location = default;
        return (sent, Replayable(http, answer, sent));
    }

    /// <summary>
    /// The resource a request is for, as the key's rule compares it: the endpoint's route and its route values,
    /// not the path as typed. Routing matches paths ignoring case and a trailing slash, so "/V1/Screenings/" and
    /// "/v1/screenings" reach the same endpoint and are the same request; another endpoint is another request.
    /// </summary>
    private static string Resource(HttpContext http)
    {
        if (http.GetEndpoint() is not RouteEndpoint { RoutePattern: var pattern })
        {
            return http.Request.Path.Value ?? "";
        }

        var values = pattern.Parameters.Select(p => http.Request.RouteValues.TryGetValue(p.Name, out var value) ? Canonical(value) : "");
        return string.Join('\n', values.Prepend(pattern.RawText?.TrimEnd('/').ToLowerInvariant() ?? ""));
    }

    // An id is the same id however it is written (case, braces): compare it in one form.
    private static string Canonical(object? value) =>
        value is string text && Guid.TryParse(text, out var id) ? id.ToString("D") : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static bool TryReadKey(HttpRequest request, out string? key, out IResult? problem)
    {
        (key, problem) = (null, null);
        if (!request.Headers.TryGetValue(IdempotencyOptions.Header, out var values))
        {
            return true;
        }

        key = values.Count == 1 ? values[0] : null;
        if (key is { Length: > 0 and <= IdempotencyOptions.MaxKeyLength } && TextRule.Check(key) is null)
        {
            return true;
        }

        problem = TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [IdempotencyOptions.Header] = [$"Send one key of 1 to {IdempotencyOptions.MaxKeyLength} printable characters, for example a UUID."] },
            title: "The Idempotency-Key header is malformed.");
        return false;
    }

    private static bool IsSuccess(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 };
    }

    /// <summary>
    /// The answer to keep for replays: the one sent, except that a secret shown once (a webhook's signing
    /// secret) is not kept. A replay must never show a secret again, whether or not it still exists.
    /// </summary>
    private static StoredAnswer Replayable(HttpContext http, object? result, StoredAnswer sent)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        if (result is not IValueHttpResult { Value: IShownOnce shownOnce })
        {
            return sent;
        }

        var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var redacted = shownOnce.WithoutSecrets();
        return sent with { ResponseBody = JsonSerializer.SerializeToUtf8Bytes(redacted, redacted.GetType(), json) };
    }

    /// <summary>Writes the handler's answer into memory, so that exactly those bytes are stored and sent.</summary>
    private static async Task<StoredAnswer> CaptureAsync(HttpContext http, IResult result, byte[] fingerprint)
    {
        var original = http.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            await result.ExecuteAsync(http);
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        }
        finally
        {
            http.Features.Set(original);
        }

        return new StoredAnswer
        {
            RequestFingerprint = fingerprint,
            ResponseStatus = http.Response.StatusCode,
            ResponseLocation = http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
            ResponseType = http.Response.ContentType,
            ResponseBody = buffer.ToArray(),
        };
    }
}
