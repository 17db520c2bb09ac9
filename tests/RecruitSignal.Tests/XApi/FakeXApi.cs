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

namespace RecruitSignal.Tests.XApi;

/// <summary>How the fake X answers for one username.</summary>
public enum FakeKind { Found, Protected, NotFound, NotFound404, Suspended, Suspended404, Unauthorized }

public sealed record FakePost(string Text, DateTimeOffset CreatedAt, string? ReferenceType = null);

public sealed class FakeAccount
{
    public FakeKind Kind { get; set; } = FakeKind.Found;
    public string Id { get; } = Random.Shared.NextInt64(1_000_000, long.MaxValue).ToString(CultureInfo.InvariantCulture);
    public string Bio { get; set; } = "Kubernetes and observability at scale.";
    public List<FakePost> Posts { get; } = [];
    public int Followers { get; set; } = 420;
    public DateTimeOffset CreatedAt { get; set; } = new(2014, 5, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>X renamed tweet_count to post_count; answer the new name when true.</summary>
    public bool PostCountName { get; set; }

    /// <summary>Answer every post whatever start_time says, as a sloppy server would.</summary>
    public bool IgnoreStartTime { get; set; }

    /// <summary>Statuses answered to the user lookup before it succeeds (503...), or a 429 with a reset.</summary>
    public ConcurrentQueue<int> LookupFailures { get; } = new();

    public long RateLimitReset { get; set; }
}

/// <summary>An X API v2 stand-in on 127.0.0.1, answering the documented JSON shapes.</summary>
public sealed class FakeXApi : IAsyncDisposable
{
    public const string Token = "test-bearer-token-0123456789";
    private readonly WebApplication _app;

    private FakeXApi(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, FakeAccount> Accounts { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>X's OAuth 2.0 side, served by the same fake: authorize, token, revoke and /2/users/me.</summary>
    public FakeXOAuth OAuth { get; } = new();

    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public int UserLookups(string username) => Requests.Count(r => r.StartsWith($"/2/users/by/username/{username}?", StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<string> TimelineReads => Requests.Where(r => r.Contains("/tweets?", StringComparison.Ordinal)).ToList();

    public FakeAccount Add(string username, FakeKind kind = FakeKind.Found) => Accounts[username] = new FakeAccount { Kind = kind };

    public static async Task<FakeXApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var fake = new FakeXApi(builder.Build());
        fake._app.Use(async (context, next) =>
        {
            fake.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            // Sign in with X authenticates with the client's credentials or a user's token, not the app's bearer token.
            if (FakeXOAuth.Serves(context.Request.Path))
            {
                await next(context);
                return;
            }

            if (context.Request.Headers.Authorization != $"Bearer {Token}")
            {
                await Problem(context, 401, "Unauthorized", "about:blank");
                return;
            }

            await next(context);
        });
        fake._app.MapGet("/2/users/by/username/{username}", fake.UserAsync);
        fake._app.MapGet("/2/users/{id}/tweets", fake.Timeline);
        fake.OAuth.Map(fake._app);
        await fake._app.StartAsync();
        return fake;
    }

    private async Task UserAsync(HttpContext context, string username)
    {
        var account = Accounts.GetValueOrDefault(username) ?? new FakeAccount { Kind = FakeKind.NotFound };
        if (account.LookupFailures.TryDequeue(out var status))
        {
            if (status == 429)
            {
                context.Response.Headers["x-rate-limit-limit"] = "300";
                context.Response.Headers["x-rate-limit-remaining"] = "0";
                context.Response.Headers["x-rate-limit-reset"] = account.RateLimitReset.ToString(CultureInfo.InvariantCulture);
            }

            await Problem(context, status, status == 429 ? "Too Many Requests" : "Service Unavailable", "about:blank");
            return;
        }

        var notFound = Error($"Could not find user with username: [{username}].", "Not Found Error");
        var suspended = Error($"User has been suspended: [{username}].", "Forbidden");
        switch (account.Kind)
        {
            case FakeKind.NotFound: await Json(context, 200, new JsonObject { ["errors"] = new JsonArray(notFound) }); return;
            case FakeKind.NotFound404: await Json(context, 404, new JsonObject { ["errors"] = new JsonArray(notFound) }); return;
            case FakeKind.Suspended: await Json(context, 200, new JsonObject { ["errors"] = new JsonArray(suspended) }); return;
            case FakeKind.Suspended404: await Json(context, 404, new JsonObject { ["errors"] = new JsonArray(suspended) }); return;
            case FakeKind.Unauthorized: await Problem(context, 401, "Unauthorized", "about:blank"); return;
        }

        var metrics = new JsonObject { ["followers_count"] = account.Followers, ["following_count"] = 80, ["listed_count"] = 3, ["like_count"] = 9 };
        metrics[account.PostCountName ? "post_count" : "tweet_count"] = account.Posts.Count;
        await Json(context, 200, new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["id"] = account.Id, ["name"] = username, ["username"] = username,
                ["created_at"] = account.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                ["description"] = account.Bio, ["protected"] = account.Kind == FakeKind.Protected,
                ["public_metrics"] = metrics, ["most_recent_tweet_id"] = "1",
            },
        });
    }

    private async Task Timeline(HttpContext context, string id)
    {
        var account = Accounts.Values.First(a => a.Id == id);
        var query = context.Request.Query;
        var start = DateTimeOffset.Parse(query["start_time"]!, CultureInfo.InvariantCulture);
        var pageSize = int.Parse(query["max_results"]!, CultureInfo.InvariantCulture);
        var offset = query.TryGetValue("pagination_token", out var token) ? int.Parse(token!, CultureInfo.InvariantCulture) : 0;
        var posts = account.Posts.OrderByDescending(p => p.CreatedAt).Where(p => account.IgnoreStartTime || p.CreatedAt >= start).ToList();
        var page = posts.Skip(offset).Take(pageSize).Select((p, i) => PostJson(p, offset + i)).ToArray<JsonNode?>();
        var meta = new JsonObject { ["result_count"] = page.Length };
        if (offset + pageSize < posts.Count)
        {
            meta["next_token"] = (offset + pageSize).ToString(CultureInfo.InvariantCulture);
        }

        await Json(context, 200, page.Length == 0 ? new JsonObject { ["meta"] = meta } : new JsonObject { ["data"] = new JsonArray(page), ["meta"] = meta });
    }

    private static JsonObject PostJson(FakePost post, int index)
    {
        var id = (1_900_000_000_000_000_000L - index).ToString(CultureInfo.InvariantCulture);
        var json = new JsonObject
        {
            ["id"] = id, ["text"] = post.Text, ["edit_history_tweet_ids"] = new JsonArray(id),
            ["created_at"] = post.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        };
        if (post.ReferenceType is { } type)
        {
            json["referenced_tweets"] = new JsonArray(new JsonObject { ["type"] = type, ["id"] = "1800000000000000000" });
        }

        return json;
    }

    private static JsonObject Error(string detail, string title) => new()
    {
        ["value"] = "x", ["detail"] = detail, ["title"] = title, ["resource_type"] = "user", ["parameter"] = "username",
        ["resource_id"] = "x", ["type"] = "https://api.twitter.com/2/problems/resource-not-found",
    };

    private static Task Problem(HttpContext context, int status, string title, string type) =>
        Json(context, status, new JsonObject { ["title"] = title, ["type"] = type, ["status"] = status, ["detail"] = title });

    private static Task Json(HttpContext context, int status, JsonObject body)
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
