using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RecruitSignal.Tests.Networks;

public enum MastodonPostKind { Original, Reply, SelfReply, Reblog }

public sealed record MastodonPost(string Text, DateTimeOffset CreatedAt, MastodonPostKind Kind = MastodonPostKind.Original);

public sealed class MastodonAccount
{
    public required string Id { get; init; }
    public required string Username { get; init; }
    public bool Suspended { get; set; }
    public bool Limited { get; set; }
    public bool Noindex { get; set; }
    public bool Indexable { get; set; }
    public bool Locked { get; set; }
    public List<MastodonPost> Posts { get; } = [];
    public string Note { get; set; } = "<p>Kubernetes and observability at scale.</p>";
    public int Followers { get; set; } = 150;
    public DateTimeOffset CreatedAt { get; set; } = new(2022, 11, 5, 0, 0, 0, TimeSpan.Zero);
}

/// <summary>
/// One Mastodon server on 127.0.0.1, known to the service under <see cref="Domain"/> (through Outbound__Resolve). It
/// answers WebFinger, GET /api/v1/accounts/lookup and GET /api/v1/accounts/:id/statuses as Mastodon 4 does, and
/// refuses what Mastodon refuses: every API read without a token when <see cref="RequireAuthentication"/> is set
/// (DISALLOW_UNAUTHENTICATED_API_ACCESS, limited federation mode), and any request past <see cref="RequestsPerWindow"/>
/// with 429 and an ISO 8601 <c>X-RateLimit-Reset</c> (its rack-attack throttle; 300 per 5 minutes unless set lower).
/// </summary>
public sealed class FakeMastodon : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _window = new();
    private int _used;
    private DateTimeOffset _resetAt;

    private FakeMastodon(WebApplication app, string domain)
    {
        _app = app;
        Domain = domain;
    }

    public string Domain { get; }

    public bool RequireAuthentication { get; set; }

    public int RequestsPerWindow { get; set; } = 300;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Answer 503 to every API read, as a server that is down.</summary>
    public bool Down { get; set; }

    /// <summary>The X-RateLimit-Reset last sent, parsed.</summary>
    public DateTimeOffset LastReset { get; private set; }

    public int ApiRequests => Requests.Count(r => r.StartsWith("/api/", StringComparison.Ordinal));

    public ConcurrentDictionary<string, MastodonAccount> Accounts { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Requests { get; } = new();

    public int Port => new Uri(BaseUrl).Port;

    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public MastodonAccount Add(string username) =>
        Accounts[username] = new MastodonAccount { Id = Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture), Username = username };

    public static async Task<FakeMastodon> StartAsync(string domain)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var fake = new FakeMastodon(builder.Build(), domain);
        fake._app.Use(fake.GuardAsync);
        fake._app.MapGet("/.well-known/webfinger", fake.WebFinger);
        fake._app.MapGet("/api/v1/accounts/lookup", fake.Lookup);
        fake._app.MapGet("/api/v1/accounts/{id}/statuses", fake.Statuses);
        await fake._app.StartAsync();
        return fake;
    }

    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        Requests.Enqueue(context.Request.Path + context.Request.QueryString);
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        var now = DateTimeOffset.UtcNow;
        int remaining;
        DateTimeOffset reset;
        lock (_window)
        {
            if (now >= _resetAt)
            {
                _used = 0;
                _resetAt = now + Window;
            }

            _used++;
            remaining = RequestsPerWindow - _used;
            reset = _resetAt;
        }

        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = RequestsPerWindow.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = Math.Max(0, remaining).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = reset.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
        LastReset = DateTimeOffset.Parse(headers["X-RateLimit-Reset"]!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if (remaining < 0)
        {
            await Json(context, 429, new JsonObject { ["error"] = "Too many requests" });
            return;
        }

        if (Down)
        {
            context.Response.StatusCode = 503;
            return;
        }

        if (RequireAuthentication && context.Request.Headers.Authorization.Count == 0)
        {
            await Json(context, 401, new JsonObject { ["error"] = "This API requires an authenticated user" });
            return;
        }

        await next(context);
    }

    private async Task WebFinger(HttpContext context)
    {
        var resource = context.Request.Query["resource"].ToString();
        if (resource.Length == 0)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var acct = resource.StartsWith("acct:", StringComparison.OrdinalIgnoreCase) ? resource[5..] : resource;
        var at = acct.LastIndexOf('@');
        if (at <= 0 || !string.Equals(acct[(at + 1)..], Domain, StringComparison.OrdinalIgnoreCase) || !Accounts.TryGetValue(acct[..at], out var account))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "application/jrd+json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["subject"] = $"acct:{account.Username}@{Domain}",
            ["aliases"] = new JsonArray($"https://{Domain}/@{account.Username}", $"https://{Domain}/users/{account.Username}"),
            ["links"] = new JsonArray(
                new JsonObject { ["rel"] = "http://webfinger.net/rel/profile-page", ["type"] = "text/html", ["href"] = $"https://{Domain}/@{account.Username}" },
                new JsonObject { ["rel"] = "self", ["type"] = "application/activity+json", ["href"] = $"https://{Domain}/users/{account.Username}" }),
        }.ToJsonString());
    }

    private async Task Lookup(HttpContext context)
    {
        var acct = context.Request.Query["acct"].ToString();
        var local = acct.EndsWith("@" + Domain, StringComparison.OrdinalIgnoreCase) ? acct[..^(Domain.Length + 1)] : acct;
        if (!Accounts.TryGetValue(local, out var account))
        {
            await Json(context, 404, new JsonObject { ["error"] = "Record not found" });
            return;
        }

        var json = new JsonObject
        {
            ["id"] = account.Id, ["username"] = account.Username, ["acct"] = account.Username, ["display_name"] = account.Suspended ? "" : "Camille",
            ["locked"] = account.Locked, ["bot"] = false, ["discoverable"] = true, ["indexable"] = account.Indexable, ["group"] = false,
            ["created_at"] = account.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddT00:00:00.000Z", CultureInfo.InvariantCulture),
            ["note"] = account.Suspended ? "" : account.Note, ["url"] = $"https://{Domain}/@{account.Username}",
            ["followers_count"] = account.Followers, ["following_count"] = 40, ["statuses_count"] = account.Posts.Count,
            ["last_status_at"] = account.Posts.Count == 0 ? null : account.Posts.Max(p => p.CreatedAt).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["noindex"] = account.Noindex, ["emojis"] = new JsonArray(), ["fields"] = new JsonArray(),
        };
        if (account.Suspended)
        {
            json["suspended"] = true;
        }

        if (account.Limited)
        {
            json["limited"] = true;
        }

        await Json(context, 200, json);
    }

    private async Task Statuses(HttpContext context, string id)
    {
        var account = Accounts.Values.FirstOrDefault(a => a.Id == id);
        if (account is null || account.Suspended)
        {
            await Json(context, 404, new JsonObject { ["error"] = "Record not found" });
            return;
        }

        var query = context.Request.Query;
        // Mastodon clamps the limit to twice the default (40) rather than refusing it.
        var limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) ? Math.Clamp(asked, 1, 40) : 20;
        var ordered = account.Posts.Select((p, i) => (Id: (p.CreatedAt.ToUnixTimeMilliseconds() << 16) + i, Post: p))
            .OrderByDescending(s => s.Id).ToList();
        var maxId = long.TryParse(query["max_id"], NumberStyles.None, CultureInfo.InvariantCulture, out var max) ? max : long.MaxValue;
        var page = ordered.Where(s => s.Id < maxId).Take(limit).ToList();
        if (page.Count > 0)
        {
            var next = $"{BaseUrl}/api/v1/accounts/{id}/statuses?limit={limit}&max_id={page[^1].Id}";
            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        await Json(context, 200, new JsonArray(page.Select(s => (JsonNode)Status(account, s.Id, s.Post)).ToArray()));
    }

    private static JsonObject Status(MastodonAccount account, long id, MastodonPost post)
    {
        var createdAt = post.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var status = new JsonObject
        {
            ["id"] = id.ToString(CultureInfo.InvariantCulture), ["created_at"] = createdAt, ["visibility"] = "public",
            ["in_reply_to_id"] = null, ["in_reply_to_account_id"] = null, ["reblog"] = null,
            ["content"] = post.Kind == MastodonPostKind.Reblog ? "" : $"<p>{WebUtility.HtmlEncode(post.Text)}</p>",
            ["account"] = new JsonObject { ["id"] = account.Id, ["username"] = account.Username, ["acct"] = account.Username },
        };
        switch (post.Kind)
        {
            case MastodonPostKind.Reply:
                status["in_reply_to_id"] = "109000000000000001";
                status["in_reply_to_account_id"] = "42";
                break;
            case MastodonPostKind.SelfReply:
                status["in_reply_to_id"] = "109000000000000002";
                status["in_reply_to_account_id"] = account.Id;
                break;
            case MastodonPostKind.Reblog:
                status["reblog"] = new JsonObject
                {
                    ["id"] = "109000000000000003", ["created_at"] = createdAt, ["content"] = $"<p>{WebUtility.HtmlEncode(post.Text)}</p>",
                    ["account"] = new JsonObject { ["id"] = "42", ["username"] = "someone", ["acct"] = "someone@elsewhere.example" },
                };
                break;
        }

        return status;
    }

    private static Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
