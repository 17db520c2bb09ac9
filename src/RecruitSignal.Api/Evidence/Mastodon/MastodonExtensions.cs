namespace RecruitSignal.Presence.Mastodon;

public static class MastodonExtensions
{
    public static IHostApplicationBuilder AddMastodon(this IHostApplicationBuilder builder)
    {
        builder.Services.AddNetworkOutbound();
        builder.Services.AddSingleton<MastodonServerLimits>();
        builder.Services.AddKeyedTransient<IPresenceProvider, MastodonPresenceProvider>(MastodonPresenceProvider.Name);
        // No retries here: a server that fails is unavailable, and the job tries again later at the server's pace.
        builder.Services.AddHttpClient<MastodonClient>(http => http.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(NetworkOutboundHandler.Primary)
            .AddHttpMessageHandler<NetworkOutboundHandler>()
            // The factory's log scopes hold the URL, which names the account: failures are logged by the job instead.
            .RemoveAllLoggers();
        return builder;
    }
}
