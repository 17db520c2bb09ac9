using System.Net;
using System.Net.Sockets;

namespace RecruitSignal.Outbound;

/// <summary>
/// The addresses an outbound call made on a client's behalf (a webhook delivery, an ATS callback) must never
/// reach: anything that is not a public unicast host. IPv6 is allowed only in global unicast (2000::/3), and
/// every form that embeds or tunnels to an IPv4 address is judged by that address or refused outright.
/// </summary>
public static class ForbiddenAddresses
{
    private static readonly (byte[] Network, int Prefix)[] V4 =
    [
        (Bytes("0.0.0.0"), 8),         // "this network", unspecified
        (Bytes("10.0.0.0"), 8),        // private
        (Bytes("100.64.0.0"), 10),     // carrier-grade NAT
        (Bytes("127.0.0.0"), 8),       // loopback
        (Bytes("169.254.0.0"), 16),    // link-local, cloud metadata (169.254.169.254)
        (Bytes("172.16.0.0"), 12),     // private
        (Bytes("192.0.0.0"), 24),      // IETF protocol assignments
        (Bytes("192.0.2.0"), 24),      // documentation
        (Bytes("192.88.99.0"), 24),    // 6to4 relay anycast, deprecated
        (Bytes("192.168.0.0"), 16),    // private
        (Bytes("198.18.0.0"), 15),     // benchmarking
        (Bytes("198.51.100.0"), 24),   // documentation
        (Bytes("203.0.113.0"), 24),    // documentation
        (Bytes("224.0.0.0"), 4),       // multicast
        (Bytes("240.0.0.0"), 4),       // reserved, and the broadcast address
    ];

    // Special-purpose blocks inside global unicast (2000::/3).
    private static readonly (byte[] Network, int Prefix)[] V6InGlobalUnicast =
    [
        (Bytes("2001::"), 23),         // IETF protocol assignments: Teredo (2001::/32), benchmarking, ORCHID
        (Bytes("2001:db8::"), 32),     // documentation
        (Bytes("2002::"), 16),         // 6to4, deprecated: a tunnel to the IPv4 address it embeds
        (Bytes("3fff::"), 20),         // documentation
    ];

    private static readonly byte[] Nat64 = Bytes("64:ff9b::");

    public static bool Contains(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsForbiddenV4(bytes),
            AddressFamily.InterNetworkV6 => IsForbiddenV6(bytes),
            _ => true,
        };
    }

    private static bool IsForbiddenV4(ReadOnlySpan<byte> v4)
    {
        foreach (var (network, prefix) in V4)
        {
            if (InRange(v4, network, prefix))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsForbiddenV6(byte[] v6)
    {
        // IPv4-mapped (::ffff:a.b.c.d) is how a dual-stack socket reaches an IPv4 host: judge that host.
        if (v6.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && v6[10] == 0xff && v6[11] == 0xff)
        {
            return IsForbiddenV4(v6.AsSpan(12));
        }

        // NAT64 (64:ff9b::a.b.c.d): DNS64 resolvers of IPv6-only networks answer it for public IPv4 hosts,
        // so it is judged by the IPv4 address it carries. The local-use prefix 64:ff9b:1::/48 is refused below.
        if (InRange(v6, Nat64, 96))
        {
            return IsForbiddenV4(v6.AsSpan(12));
        }

        // Outside 2000::/3 lies nothing public: ::/8 (unspecified, loopback, IPv4-compatible and -translated),
        // 64:ff9b:1::/48, 100::/64, fc00::/7 (unique local), fe80::/10 (link-local), fec0::/10 (site-local), ff00::/8 (multicast).
        if ((v6[0] & 0xe0) != 0x20)
        {
            return true;
        }

        foreach (var (network, prefix) in V6InGlobalUnicast)
        {
            if (InRange(v6, network, prefix))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InRange(ReadOnlySpan<byte> address, byte[] network, int prefix)
    {
        var fullBytes = prefix / 8;
        if (!address[..fullBytes].SequenceEqual(network.AsSpan(0, fullBytes)))
        {
            return false;
        }

        var rest = prefix % 8;
        return rest == 0 || (address[fullBytes] >> (8 - rest)) == (network[fullBytes] >> (8 - rest));
    }

    private static byte[] Bytes(string address) => IPAddress.Parse(address).GetAddressBytes();
}
