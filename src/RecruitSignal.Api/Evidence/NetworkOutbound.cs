using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using RecruitSignal.Outbound;

namespace RecruitSignal.Presence;

/// <summary>
/// Development and tests only (environment: <c>Outbound__...</c>): point outside host names at local addresses for every
/// network, as curl's --resolve does (<c>Outbound__Resolve__mastodon.social=127.0.0.1:5081</c>), and let those mapped
/// hosts be called over plain http (<c>Outbound__AllowHttp=true</c>). Refused in Production.
/// </summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    public Dictionary<string, string> Resolve { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool AllowHttp { get; set; }

    public IPEndPoint? MappedEndPoint(string host) =>
        Resolve.TryGetValue(host, out var target) && IPEndPoint.TryParse(target, out var endpoint) ? endpoint : null;
}

internal sealed class OutboundOptionsValidator(IHostEnvironment environment) : IValidateOptions<OutboundOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboundOptions options)
    {
        if (environment.IsProduction() && (options.Resolve.Count > 0 || options.AllowHttp))
        {
            return ValidateOptionsResult.Fail(options.Resolve.Count > 0
                ? $"Outbound__Resolve__{options.Resolve.Keys.First()} is for development only: unset every Outbound__Resolve__* in Production."
                : "Outbound__AllowHttp is for development only: unset it in Production.");
        }

        var bad = options.Resolve.FirstOrDefault(pair => !IPEndPoint.TryParse(pair.Value, out var endpoint) || endpoint.Port == 0);
        return bad.Key is null ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Outbound__Resolve__{bad.Key} is an address and a port, such as 127.0.0.1:5081.");
    }
}

/// <summary>
/// The HTTP handler every network read that names a host the candidate chose goes through (a Mastodon server, a
/// handle's domain): mapped hosts connect where Outbound__Resolve says, every other one through the SSRF guard.
/// </summary>
internal sealed class NetworkOutboundHandler(IOptions<OutboundOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var settings = options.Value;
        if (settings.AllowHttp && request.RequestUri is { Scheme: "https" } uri && settings.MappedEndPoint(uri.Host) is not null)
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp, Port = -1 }.Uri;
        }

        return base.SendAsync(request, ct);
    }

    public static SocketsHttpHandler Primary(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<OutboundOptions>>();
        var guard = services.GetRequiredService<TargetGuard>();
        return new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (context, ct) =>
            {
                if (options.Value.MappedEndPoint(context.DnsEndPoint.Host) is not { } mapped)
                {
                    return await guard.ConnectAsync(context.DnsEndPoint, allowPrivate: false, ct);
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(mapped, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }
}

public static class NetworkOutboundExtensions
{
    public static IServiceCollection AddNetworkOutbound(this IServiceCollection services)
    {
        services.AddTargetGuard();
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboundOptions>, OutboundOptionsValidator>();
        services.AddTransient<NetworkOutboundHandler>();
        return services;
    }
}
