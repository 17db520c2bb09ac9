using System.Net;

namespace RecruitSignal.Outbound;

/// <summary>Looks host names up in DNS. Tests put a resolver of their own in its place, to play DNS answers that change.</summary>
public class HostResolver
{
    public virtual Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}
