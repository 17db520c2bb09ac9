using System.Net;
using System.Net.Sockets;

namespace RecruitSignal.Webhooks;

/// <summary>
/// Keeps webhook deliveries away from the service's own network (SSRF): https only, and no loopback,
/// private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unique-local (fd00::/8)
/// or multicast address, checked on the resolved addresses at subscription time and again at every
/// connection, so a DNS answer that changes later cannot point a delivery inward.
/// </summary>
public static class TargetGuard
{
    private static readonly (IPAddress Network, int Prefix)[] ForbiddenRanges =
    [
        (IPAddress.Parse("0.0.0.0"), 8), (IPAddress.Parse("10.0.0.0"), 8), (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8), (IPAddress.Parse("169.254.0.0"), 16), (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24), (IPAddress.Parse("192.168.0.0"), 16), (IPAddress.Parse("198.18.0.0"), 15),
        (IPAddress.Parse("224.0.0.0"), 3),
        (IPAddress.Parse("::"), 127), (IPAddress.Parse("fe80::"), 10), (IPAddress.Parse("fc00::"), 7),
        (IPAddress.Parse("ff00::"), 8), (IPAddress.Parse("64:ff9b::"), 96), (IPAddress.Parse("2001:db8::"), 32),
    ];

    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return ForbiddenRanges.Any(range => InRange(address, range.Network, range.Prefix));
    }

    /// <summary>The reason the URL may not receive webhooks, or null when it may.</summary>
    public static async Task<string?> CheckAsync(string url, bool allowPrivate, CancellationToken ct)
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

        // An address literal is checked as written (Uri has already read shorthand such as https://0/ or
        // https://2130706433/ as 0.0.0.0 and 127.0.0.1); DNS refuses to look up the unspecified ones.
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return IPAddress.TryParse(uri.DnsSafeHost, out var literal) && !IsForbidden(literal)
                ? null
                : $"'{uri.Host}' is a loopback, private, link-local or otherwise internal address.";
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, ct);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return $"'{uri.Host}' could not be resolved.";
        }

        return addresses.Length == 0 || addresses.Any(IsForbidden)
            ? $"'{uri.Host}' resolves to a loopback, private, link-local or otherwise internal address."
            : null;
    }

    /// <summary>A connection factory for the delivery client that refuses internal addresses after DNS resolution.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect(bool allowPrivate) => async (context, ct) =>
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
        if (!allowPrivate && (addresses.Length == 0 || addresses.Any(IsForbidden)))
        {
            throw new HttpRequestException($"'{context.DnsEndPoint.Host}' resolves to an internal address; delivery refused.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var fullBytes = prefix / 8;
        if (!a.AsSpan(0, fullBytes).SequenceEqual(n.AsSpan(0, fullBytes)))
        {
            return false;
        }

        var rest = prefix % 8;
        return rest == 0 || (a[fullBytes] >> (8 - rest)) == (n[fullBytes] >> (8 - rest));
    }
}
