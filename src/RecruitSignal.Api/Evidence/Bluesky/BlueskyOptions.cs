using System.ComponentModel.DataAnnotations;
using System.Net;

namespace RecruitSignal.Presence.Bluesky;

/// <summary>Where Bluesky is read (environment: <c>Bluesky__...</c>); every address can point at loopback for tests.</summary>
public sealed class BlueskyOptions : IValidatableObject
{
    public const string Section = "Bluesky";

    /// <summary>The public AppView answering app.bsky.* reads without a sign-in (environment: <c>Bluesky__AppViewUrl</c>).</summary>
    [Required(ErrorMessage = "Set Bluesky__AppViewUrl, for example https://public.api.bsky.app.")]
    [Url(ErrorMessage = "Bluesky__AppViewUrl must be an absolute http(s) URL such as https://public.api.bsky.app.")]
    public string AppViewUrl { get; set; } = "https://public.api.bsky.app";

    /// <summary>The PLC directory serving did:plc documents (environment: <c>Bluesky__PlcDirectoryUrl</c>).</summary>
    [Required(ErrorMessage = "Set Bluesky__PlcDirectoryUrl, for example https://plc.directory.")]
    [Url(ErrorMessage = "Bluesky__PlcDirectoryUrl must be an absolute http(s) URL such as https://plc.directory.")]
    public string PlcDirectoryUrl { get; set; } = "https://plc.directory";

    /// <summary>address:port asked for _atproto TXT records; unset: the system's resolver (environment: <c>Bluesky__DnsServer</c>).</summary>
    public string? DnsServer { get; set; }

    /// <summary>The DNS server to ask, or null for the system's.</summary>
    public IPEndPoint? DnsEndPoint => IPEndPoint.TryParse(DnsServer ?? "", out var endpoint) && endpoint.Port > 0 ? endpoint : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(DnsServer) && DnsEndPoint is null)
        {
            yield return new ValidationResult("Bluesky__DnsServer is an IP address and a port, such as 127.0.0.1:53 or [::1]:53.");
        }
    }
}
