using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RecruitSignal.Database;
using RecruitSignal.Presence.X;

namespace RecruitSignal.CandidatePages;

/// <summary>
/// What every candidate page response carries, set as the answer starts so that every answer has it (pages,
/// redirects, 4xx pages): a strict CSP without script, no referrer (the token is in the URL), no indexing, no caching.
/// Then the rate limits, per client address and per invitation link, with ASP.NET Core's rate limiter primitives.
/// </summary>
public sealed partial class PageGuards : IEndpointFilter, IDisposable
{
    private readonly string _contentSecurityPolicy;
    private readonly PartitionedRateLimiter<HttpContext> _limiter;
    private readonly ILogger<PageGuards> _logger;

    private readonly string _networkSignInPolicy;

    public PageGuards(IOptions<XOAuthOptions> oauth, IOptions<CandidatePageOptions> options, ILogger<PageGuards> logger)
    {
        _logger = logger;
        // Chrome applies form-action to the redirect that follows a form POST, so X's sign-in origin must be allowed.
        var formAction = oauth.Value.IsConfigured ? $"'self' {oauth.Value.AuthorizeOrigin}" : "'self'";
        _contentSecurityPolicy = $"default-src 'none'; style-src 'self'; img-src 'self'; form-action {formAction}; frame-ancestors 'none'; base-uri 'none'";
        // A Bluesky or Mastodon sign-in goes to the candidate's own server, unknown until they type their handle: a page
        // offering one allows any https origin (the service only redirects to an endpoint the SSRF guard let through).
        _networkSignInPolicy = _contentSecurityPolicy.Replace($"form-action {formAction};", $"form-action {formAction} https:;", StringComparison.Ordinal);
        var limits = options.Value;
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => Window(limits.PerAddressPerMinute))),
            PartitionedRateLimiter.Create<HttpContext, string>(context => context.Request.RouteValues.TryGetValue("token", out var token) && token is string t
                ? RateLimitPartition.GetFixedWindowLimiter(t, _ => Window(limits.PerTokenPerMinute))
                : RateLimitPartition.GetNoLimiter("no-token")));
    }

    public string ContentSecurityPolicy => _contentSecurityPolicy;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var headers = http.Response.Headers;
        // Set as the answer starts: antiforgery sets its own Cache-Control when it issues a token (and warns when it
        // finds one set), so the page's word must be the last.
        http.Response.OnStarting(() =>
        {
            SetHeaders(headers, http.Items.ContainsKey(OffersNetworkSignIn) ? _networkSignInPolicy : _contentSecurityPolicy);
            return Task.CompletedTask;
        });

        using var lease = await _limiter.AcquireAsync(http, 1, http.RequestAborted);
        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
            headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var t = PageLanguage.ForRequest(http, null);
            return Pages.Message(StatusCodes.Status429TooManyRequests, t, t.TooManyTitle, t.TooManyText);
        }

        try
        {
            return await Contention.RetryAsync(() => next(context).AsTask(), http.RequestAborted);
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            // A person reads this answer: whatever failed, it is a page in their language, never problem+json.
            var t = PageLanguage.ForRequest(http, null);
            if (Transient.IsTransient(e))
            {
                LogUnavailable(_logger, e);
                headers.RetryAfter = "5";
                return Pages.Message(StatusCodes.Status503ServiceUnavailable, t, t.UnavailableTitle, t.UnavailableText);
            }

            LogFailed(_logger, e);
            return Pages.Message(StatusCodes.Status500InternalServerError, t, t.FailedTitle, t.FailedText);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable while serving a page")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A page failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    private const string OffersNetworkSignIn = "rs.offers-network-sign-in";

    /// <summary>Marks the answer as a page with a Bluesky or Mastodon sign-in form: its CSP lets the form go to any https origin.</summary>
    public static void AllowNetworkSignIn(HttpContext http, bool offered)
    {
        if (offered)
        {
            http.Items[OffersNetworkSignIn] = true;
        }
    }

    private static void SetHeaders(IHeaderDictionary headers, string contentSecurityPolicy)
    {
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Robots-Tag"] = "noindex, nofollow";
        headers.CacheControl = "no-store";
        headers.Pragma = Microsoft.Extensions.Primitives.StringValues.Empty;
        headers.XContentTypeOptions = "nosniff";
        headers.Remove("blazor-enhanced-nav"); // set by the Razor renderer for Blazor's script, which these pages never load
    }

    private static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };

    public void Dispose() => _limiter.Dispose();
}

/// <summary>Which language a page speaks: <c>?lang=</c> (the switch link), else the form's, else the invitation's, else the browser's.</summary>
public static class PageLanguage
{
    public static Texts ForRequest(HttpContext context, string? invitationLanguage)
    {
        if (Texts.TryOf(context.Request.Query["lang"]) is { } chosen)
        {
            return chosen;
        }

        if (Texts.TryOf(invitationLanguage) is { } invited)
        {
            return invited;
        }

        var accepted = context.Request.GetTypedHeaders().AcceptLanguage
            .Where(l => (l.Quality ?? 1) > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => Texts.TryOf((l.Value.Value ?? "").Split('-')[0].ToLowerInvariant()))
            .FirstOrDefault(t => t is not null);
        return accepted ?? Texts.English;
    }
}
