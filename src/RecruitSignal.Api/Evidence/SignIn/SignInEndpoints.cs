using RecruitSignal.Presence.Bluesky.SignIn;
using RecruitSignal.Presence.Mastodon.SignIn;

namespace RecruitSignal.Presence.SignIn;

/// <summary>
/// What the networks call on this service: Bluesky's authorization servers fetch the client metadata document and its
/// JWKS. The callbacks both networks send the browser back to are candidate pages (CandidatePages/NetworkSignInPages).
/// </summary>
public static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapNetworkSignIn(this IEndpointRouteBuilder app)
    {
        var oauth = app.MapGroup("/oauth").ExcludeFromDescription();
        oauth.MapGet(BlueskyClientKey.MetadataPath["/oauth".Length..], (BlueskyClientKey client) => TypedResults.Json(client.Metadata()))
            .WithName("BlueskyClientMetadata").WithSummary("The atproto OAuth client metadata document; its URL is the client_id.");
        oauth.MapGet(BlueskyClientKey.JwksPath["/oauth".Length..], async (BlueskyClientKey client, CancellationToken ct) => TypedResults.Json(await client.JwksAsync(ct)))
            .WithName("BlueskyClientJwks").WithSummary("The public key the client assertions are signed with.");
        return app;
    }
}

public static class SignInExtensions
{
    public static IHostApplicationBuilder AddNetworkSignIn(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddNetworkOutbound();
        services.AddSingleton<SignInHttp>();
        services.AddSingleton<SignInStates>();
        services.AddSingleton<BlueskyClientKey>();
        services.AddSingleton<MastodonApps>();
        services.AddTransient<AtprotoDiscovery>();
        services.AddTransient<INetworkSignInFlow, BlueskySignIn>();
        services.AddTransient<INetworkSignInFlow, MastodonSignIn>();
        services.AddTransient<NetworkSignIn>();
        services.AddHttpClient(SignInHttp.ClientName, http =>
            {
                http.Timeout = SignInHttp.Timeout;
                http.MaxResponseContentBufferSize = SignInHttp.MaxResponseBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(NetworkOutboundHandler.Primary)
            .AddHttpMessageHandler<NetworkOutboundHandler>()
            // The factory's log scopes hold URLs naming the account; the sign-in logs its refusals by reason instead.
            .RemoveAllLoggers();
        services.AddHttpClient(AtprotoDiscovery.PlcClientName, http =>
            {
                http.Timeout = SignInHttp.Timeout;
                http.MaxResponseContentBufferSize = SignInHttp.MaxResponseBytes;
            })
            .RemoveAllLoggers();
        return builder;
    }
}
