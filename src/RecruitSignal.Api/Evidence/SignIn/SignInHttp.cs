using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RecruitSignal.Outbound;

namespace RecruitSignal.Presence.SignIn;

/// <summary>
/// Every call a sign-in makes to a server the candidate named (a PDS, its authorization server, a Mastodon server):
/// through the SSRF guard with its addresses pinned (<see cref="NetworkOutboundHandler"/>), a short timeout, a cap on
/// what a response may weigh, and no redirects followed (a 3xx is an answer like any other non-success: refused).
/// </summary>
public sealed class SignInHttp(IHttpClientFactory factory, TargetGuard guard, IOptions<OutboundOptions> outbound)
{
    public const string ClientName = "network-sign-in";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    public const int MaxResponseBytes = 256 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public HttpClient Client() => factory.CreateClient(ClientName);

    /// <summary>
    /// An endpoint a server named, checked before it is called or handed to the browser: an absolute https URL without
    /// credentials or fragment, on a host whose every address is public (the connection checks again; this makes the
    /// refusal early and named). Hosts mapped by Outbound__Resolve (development and tests) skip the address check.
    /// </summary>
    public async Task<Uri> CheckEndpointAsync(string? url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps
            || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new SignInRefusedException(SignInRefusal.ProtocolError, "an endpoint that is not an absolute https URL");
        }

        if (outbound.Value.MappedEndPoint(uri.Host) is null)
        {
            try
            {
                await guard.ResolveAsync(uri.DnsSafeHost, ct);
            }
            catch (TargetRefusedException)
            {
                throw new SignInRefusedException(SignInRefusal.PrivateAddress, "an endpoint on an internal or unresolvable address");
            }
        }

        return uri;
    }

    /// <summary>The JSON of a successful answer; anything else is the server not speaking the protocol.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, string step, CancellationToken ct) where T : class
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new SignInRefusedException(SignInRefusal.ProtocolError, $"{step} answered HTTP {(int)response.StatusCode}");
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct) ?? throw new JsonException("null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new SignInRefusedException(SignInRefusal.ProtocolError, $"{step} answered unreadable JSON");
        }
    }

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
}
