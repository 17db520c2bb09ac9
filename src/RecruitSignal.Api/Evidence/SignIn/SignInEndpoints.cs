using Microsoft.AspNetCore.Http.HttpResults;
using RecruitSignal.Presence.Bluesky.SignIn;
using RecruitSignal.Presence.Mastodon.SignIn;

namespace RecruitSignal.Presence.SignIn;

/// <summary>
/// What the networks call on this service: Bluesky's authorization servers fetch the client metadata document and its
/// JWKS; both networks send the browser back to a callback. The callbacks end on a minimal neutral answer for now
/// (verified, or a problem naming the reason): the candidate page takes them over once it offers these sign-ins.
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
        oauth.MapGet(BlueskyClientKey.CallbackPath["/oauth".Length..], (NetworkSignIn signIn, HttpRequest request, CancellationToken ct) => FinishAsync(signIn, BlueskySignIn.Name, request, ct))
            .WithName("BlueskySignInCallback").WithSummary("Where Bluesky's authorization server sends the candidate back.");
        oauth.MapGet(MastodonSignIn.CallbackPath["/oauth".Length..], (NetworkSignIn signIn, HttpRequest request, CancellationToken ct) => FinishAsync(signIn, MastodonSignIn.Name, request, ct))
            .WithName("MastodonSignInCallback").WithSummary("Where a Mastodon server sends the candidate back.");
        return app;
    }

    private static async Task<Results<Ok<SignInResult>, ProblemHttpResult>> FinishAsync(NetworkSignIn signIn, string network, HttpRequest request, CancellationToken ct)
    {
        var outcome = await signIn.CompleteAsync(network, request.Query, ct);
        return outcome.Identity is { } identity
            ? TypedResults.Ok(new SignInResult(network, "verified", identity.Subject, identity.Handle))
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The sign-in was refused.",
                detail: $"Reason: {outcome.Refusal.Code()}.", extensions: new Dictionary<string, object?> { ["reason"] = outcome.Refusal.Code() });
    }

    /// <summary>The neutral callback answer until the candidate page renders it.</summary>
    public sealed record SignInResult(string Network, string Outcome, string Subject, string Handle);
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
