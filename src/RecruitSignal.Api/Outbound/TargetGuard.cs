using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RecruitSignal.Outbound;

/// <summary>
/// Keeps calls the service makes to URLs its clients chose (webhook deliveries, ATS callbacks) away from the
/// service's own network (SSRF). A URL is checked when a client hands it over (<see cref="CheckUrlAsync"/>),
/// and every connection resolves the host again, checks every address it got, and connects only to those
/// checked addresses (<see cref="CreateHandler"/>): a DNS answer that changes between the check and the
/// connection (rebinding) cannot point a call inward.
/// </summary>
public sealed class TargetGuard(HostResolver resolver)
{
    public static bool IsForbidden(IPAddress address) => ForbiddenAddresses.Contains(address);

    /// <summary>Why the URL may not be called, or null when it may. With <paramref name="allowPrivate"/> (development only) http and internal hosts pass.</summary>
    public async Task<string?> CheckUrlAsync(string url, bool allowPrivate, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "The URL must be an absolute https URL.";
        }

        if (!allowPrivate && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "The URL must use https.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The URL must not carry credentials; authenticate deliveries with the signature.";
        }

        if (allowPrivate)
        {
            return null;
        }

        try
        {
            await ResolveAsync(uri.DnsSafeHost, ct);
            return null;
        }
        catch (TargetRefusedException refused)
        {
            return refused.Message;
        }
    }

    /// <summary>
    /// An HTTP handler whose every connection goes through the guard. No proxy (it would resolve and connect
    /// past the check) and no redirects (a redirect is a new target chosen by the receiver).
    /// </summary>
    public SocketsHttpHandler CreateHandler(bool allowPrivate) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
    };

    /// <summary>Resolves once, checks every address, and connects to one of exactly those addresses.</summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken ct)
    {
        var addresses = allowPrivate ? await LookUpAsync(endpoint.Host, ct) : await ResolveAsync(endpoint.Host, ct);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The host's addresses, when every one of them is public; otherwise <see cref="TargetRefusedException"/>.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        var addresses = await LookUpAsync(host, ct);
        if (addresses.FirstOrDefault(IsForbidden) is { } inward)
        {
            throw new TargetRefusedException(TryLiteral(host, out _)
                ? $"'{host}' is a loopback, private, link-local or otherwise internal address."
                : $"'{host}' resolves to {inward}, a loopback, private, link-local or otherwise internal address.");
        }

        return addresses;
    }

    // An address literal is taken as written: DNS would refuse the unspecified ones (0.0.0.0, ::) with an exception.
    private async Task<IPAddress[]> LookUpAsync(string host, CancellationToken ct)
    {
        if (TryLiteral(host, out var literal))
        {
            return [literal];
        }

        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(host, ct);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            throw new TargetRefusedException($"'{host}' could not be resolved.", e);
        }

        return addresses.Length > 0 ? addresses : throw new TargetRefusedException($"'{host}' has no address.");
    }

    private static bool TryLiteral(string host, out IPAddress address) => IPAddress.TryParse(host.TrimStart('[').TrimEnd(']'), out address!);
}

/// <summary>The guard refused a target; an <see cref="HttpRequestException"/> so that an HTTP client reports it as a failed call.</summary>
public sealed class TargetRefusedException(string message, Exception? inner = null) : HttpRequestException(message, inner);

public static class TargetGuardExtensions
{
    /// <summary>Registers the guard for any feature that calls URLs its clients chose.</summary>
    public static IServiceCollection AddTargetGuard(this IServiceCollection services)
    {
        services.TryAddSingleton<HostResolver>();
        services.TryAddSingleton<TargetGuard>();
        return services;
    }
}
