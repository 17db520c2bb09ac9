using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RecruitSignal.Tests.Networks;

public enum BlueskyKind { Found, Takendown, Deactivated }

public enum BlueskyPostKind { Original, Reply, Repost, Quote }

public sealed record BlueskyPost(string Text, DateTimeOffset CreatedAt, BlueskyPostKind Kind = BlueskyPostKind.Original);

/// <summary>One account: its DID, the handle it claims, and what the AppView knows of it.</summary>
public sealed class BlueskyAccount
{
    public required string Did { get; init; }
    public required string Handle { get; init; }

    /// <summary>The handle the DID document lists (at://...); another one means the handle does not resolve back.</summary>
    public string? DocumentHandle { get; set; }

    public BlueskyKind Kind { get; set; } = BlueskyKind.Found;
    public List<string> Labels { get; } = [];
    public List<BlueskyPost> Posts { get; } = [];
    public string Description { get; set; } = "Kubernetes and observability at scale.";
    public int Followers { get; set; } = 310;
    public DateTimeOffset CreatedAt { get; set; } = new(2023, 4, 28, 0, 0, 0, TimeSpan.Zero);
}

/// <summary>
/// Bluesky's public AppView (app.bsky.actor.getProfile, app.bsky.feed.getAuthorFeed), the PLC directory and a
/// handle's /.well-known/atproto-did, each on its own port of 127.0.0.1, answering the lexicons' shapes and refusing
/// what the real ones refuse: a missing or malformed actor, a limit outside 1-100, an unknown filter, an unknown
/// profile (400 InvalidRequest), a taken-down or deactivated account, and - standing in for a sign-in the service
/// never has - any feed read of an account labelled <c>!no-unauthenticated</c>.
/// </summary>
public sealed partial class FakeBluesky : IAsyncDisposable
{
    private static readonly string[] Filters = ["posts_with_replies", "posts_no_replies", "posts_with_media", "posts_and_author_threads", "posts_with_video"];
    private readonly WebApplication _appView;
    private readonly WebApplication _plc;

    private FakeBluesky(WebApplication appView, WebApplication plc)
    {
        _appView = appView;
        _plc = plc;
    }

    public ConcurrentDictionary<string, BlueskyAccount> Accounts { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Requests { get; } = new();

    public string AppViewUrl => Address(_appView);

    /// <summary>Also serves /.well-known/atproto-did for any handle whose Host it is asked with.</summary>
    public string PlcDirectoryUrl => Address(_plc);

    public IReadOnlyList<string> FeedReads => Requests.Where(r => r.Contains("getAuthorFeed", StringComparison.Ordinal)).ToList();

    /// <summary>An account whose handle the fake DNS resolves to its DID (the TXT record), and whose document claims the handle.</summary>
    public BlueskyAccount Add(string handle, FakeDns dns)
    {
        var account = new BlueskyAccount { Did = NewDid(), Handle = handle, DocumentHandle = handle };
        Accounts[account.Did] = account;
        dns.Txt[$"_atproto.{handle}"] = [$"did={account.Did}"];
        return account;
    }

    public static string NewDid() =>
        "did:plc:" + string.Concat(Enumerable.Range(0, 24).Select(_ => "abcdefghijklmnopqrstuvwxyz234567"[Random.Shared.Next(32)]));

    public static async Task<FakeBluesky> StartAsync()
    {
        var fake = new FakeBluesky(Build(), Build());
        fake._appView.Use(fake.Record);
        fake._appView.MapGet("/xrpc/app.bsky.actor.getProfile", fake.Profile);
        fake._appView.MapGet("/xrpc/app.bsky.feed.getAuthorFeed", fake.AuthorFeed);
        fake._plc.Use(fake.Record);
        fake._plc.MapGet("/.well-known/atproto-did", fake.WellKnown);
        fake._plc.MapGet("/{did}", fake.Document);
        await fake._appView.StartAsync();
        await fake._plc.StartAsync();
        return fake;
    }

    private static WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    private Task Record(HttpContext context, RequestDelegate next)
    {
        Requests.Enqueue(context.Request.Host.Host + context.Request.Path + context.Request.QueryString);
        return next(context);
    }

    private async Task Profile(HttpContext context)
    {
        if (await FindAsync(context) is not { } account)
        {
            return;
        }

        var handle = account.DocumentHandle == account.Handle ? account.Handle : "handle.invalid";
        var labels = new JsonArray(account.Labels.Select(label => (JsonNode)new JsonObject
        {
            ["src"] = account.Did, ["uri"] = $"at://{account.Did}/app.bsky.actor.profile/self", ["val"] = label, ["cts"] = Iso(account.CreatedAt),
        }).ToArray());
        await Json(context, 200, new JsonObject
        {
            ["did"] = account.Did, ["handle"] = handle, ["displayName"] = "Camille", ["description"] = account.Description,
            ["followersCount"] = account.Followers, ["followsCount"] = 75, ["postsCount"] = account.Posts.Count,
            ["createdAt"] = Iso(account.CreatedAt), ["indexedAt"] = Iso(account.CreatedAt), ["labels"] = labels,
        });
    }

    private async Task AuthorFeed(HttpContext context)
    {
        var query = context.Request.Query;
        var limit = 50;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            await Error(context, 400, "InvalidRequest", "Error: limit must be an integer from 1 to 100");
            return;
        }

        if (query.TryGetValue("filter", out var filter) && !Filters.Contains(filter.ToString()))
        {
            await Error(context, 400, "InvalidRequest", $"Error: filter must be one of {string.Join(", ", Filters)}");
            return;
        }

        if (await FindAsync(context) is not { } account)
        {
            return;
        }

        if (account.Labels.Contains("!no-unauthenticated") && context.Request.Headers.Authorization.Count == 0)
        {
            await Error(context, 401, "AuthenticationRequired", "Authentication Required");
            return;
        }

        var withReplies = filter.Count == 0 || filter == "posts_with_replies";
        var items = account.Posts.Where(p => withReplies || p.Kind != BlueskyPostKind.Reply).OrderByDescending(p => p.CreatedAt).ToList();
        var offset = 0;
        if (query.TryGetValue("cursor", out var cursor) && !int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            await Error(context, 400, "InvalidRequest", "Malformed cursor");
            return;
        }

        var page = items.Skip(offset).Take(limit).Select((p, i) => (JsonNode)Item(account, p, offset + i)).ToArray();
        var body = new JsonObject { ["feed"] = new JsonArray(page) };
        if (offset + limit < items.Count)
        {
            body["cursor"] = (offset + limit).ToString(CultureInfo.InvariantCulture);
        }

        await Json(context, 200, body);
    }

    private static JsonObject Item(BlueskyAccount account, BlueskyPost post, int index)
    {
        var author = post.Kind == BlueskyPostKind.Repost ? "did:plc:someoneelse234567abcdefgh" : account.Did;
        var uri = $"at://{author}/app.bsky.feed.post/3l{index:D11}";
        var record = new JsonObject { ["$type"] = "app.bsky.feed.post", ["text"] = post.Text, ["createdAt"] = Iso(post.Kind == BlueskyPostKind.Repost ? post.CreatedAt.AddDays(-30) : post.CreatedAt) };
        var strongRef = new JsonObject { ["uri"] = "at://did:plc:someoneelse234567abcdefgh/app.bsky.feed.post/3kparent", ["cid"] = "bafyparent" };
        if (post.Kind == BlueskyPostKind.Reply)
        {
            record["reply"] = new JsonObject { ["root"] = strongRef.DeepClone(), ["parent"] = strongRef.DeepClone() };
        }

        if (post.Kind == BlueskyPostKind.Quote)
        {
            record["embed"] = new JsonObject { ["$type"] = "app.bsky.embed.record", ["record"] = strongRef.DeepClone() };
        }

        var item = new JsonObject
        {
            ["post"] = new JsonObject
            {
                ["uri"] = uri, ["cid"] = $"bafy{index}", ["author"] = new JsonObject { ["did"] = author, ["handle"] = "someone.example" },
                ["record"] = record, ["indexedAt"] = Iso(post.CreatedAt),
            },
        };
        if (post.Kind == BlueskyPostKind.Repost)
        {
            item["reason"] = new JsonObject
            {
                ["$type"] = "app.bsky.feed.defs#reasonRepost", ["by"] = new JsonObject { ["did"] = account.Did, ["handle"] = account.Handle },
                ["indexedAt"] = Iso(post.CreatedAt),
            };
        }

        return item;
    }

    /// <summary>The actor the request names, or null once the refusal the AppView gives is written.</summary>
    private async Task<BlueskyAccount?> FindAsync(HttpContext context)
    {
        var actor = context.Request.Query["actor"].ToString();
        if (actor.Length == 0)
        {
            await Error(context, 400, "InvalidRequest", "Error: Params must have the property \"actor\"");
            return null;
        }

        if (!DidPattern().IsMatch(actor) && !HandlePattern().IsMatch(actor))
        {
            await Error(context, 400, "InvalidRequest", "Error: actor must be a valid did or a handle");
            return null;
        }

        var account = Accounts.GetValueOrDefault(actor) ?? Accounts.Values.FirstOrDefault(a => string.Equals(a.Handle, actor, StringComparison.OrdinalIgnoreCase));
        switch (account?.Kind)
        {
            case null:
                await Error(context, 400, "InvalidRequest", "Profile not found");
                return null;
            case BlueskyKind.Takendown:
                await Error(context, 400, "AccountTakedown", "Account has been suspended");
                return null;
            case BlueskyKind.Deactivated:
                await Error(context, 400, "AccountDeactivated", "Account is deactivated");
                return null;
            default:
                return account;
        }
    }

    private async Task Document(HttpContext context, string did)
    {
        if (!Accounts.TryGetValue(did, out var account))
        {
            await Json(context, 404, new JsonObject { ["message"] = $"DID not registered: {did}" });
            return;
        }

        await Json(context, 200, new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/did/v1"),
            ["id"] = account.Did,
            ["alsoKnownAs"] = new JsonArray($"at://{account.DocumentHandle}"),
            ["service"] = new JsonArray(new JsonObject { ["id"] = "#atproto_pds", ["type"] = "AtprotoPersonalDataServer", ["serviceEndpoint"] = "https://pds.example" }),
        });
    }

    private async Task WellKnown(HttpContext context)
    {
        var account = Accounts.Values.FirstOrDefault(a => string.Equals(a.Handle, context.Request.Host.Host, StringComparison.OrdinalIgnoreCase));
        context.Response.StatusCode = account is null ? 404 : 200;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(account?.Did ?? "not found");
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static Task Error(HttpContext context, int status, string error, string message) =>
        Json(context, status, new JsonObject { ["error"] = error, ["message"] = message });

    private static Task Json(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    [GeneratedRegex(@"^did:[a-z]+:[a-zA-Z0-9._:%-]{1,2048}\z")]
    private static partial Regex DidPattern();

    [GeneratedRegex(@"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\z")]
    private static partial Regex HandlePattern();

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { _appView, _plc })
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
