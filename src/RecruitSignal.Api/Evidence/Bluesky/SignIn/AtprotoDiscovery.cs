using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using RecruitSignal.Presence.SignIn;

namespace RecruitSignal.Presence.Bluesky.SignIn;

/// <summary>The authorization server a DID's PDS names, with the endpoints a sign-in calls.</summary>
public sealed record AtprotoServer(string Issuer, Uri ParEndpoint, Uri AuthorizationEndpoint, Uri TokenEndpoint, Uri? RevocationEndpoint);

/// <summary>
/// From a verified DID to its authorization server, as the atproto OAuth profile lays it out: the DID document's
/// <c>#atproto_pds</c> service, the PDS's protected resource metadata (RFC 9728, exactly one authorization server),
/// and that server's metadata (RFC 8414), whose <c>issuer</c> must be the very URL the PDS named and which must offer
/// what this client needs (PAR, PKCE S256, DPoP ES256, private_key_jwt, scope atproto).
/// </summary>
public sealed class AtprotoDiscovery(SignInHttp http, IHttpClientFactory factory, IOptions<BlueskyOptions> options)
{
    public const string PlcClientName = "bluesky-sign-in-plc";

    public async Task<AtprotoServer> DiscoverAsync(string did, CancellationToken ct)
    {
        var pds = await http.CheckEndpointAsync(await PdsOfAsync(did, ct), ct);
        using var client = http.Client();
        ProtectedResource resource;
        using (var response = await client.GetAsync(new Uri(pds, "/.well-known/oauth-protected-resource"), ct))
        {
            resource = await SignInHttp.ReadAsync<ProtectedResource>(response, "the PDS's resource metadata", ct);
        }

        if (resource.AuthorizationServers is not [var issuer])
        {
            throw new SignInRefusedException(SignInRefusal.ProtocolError, "the PDS names no single authorization server");
        }

        var issuerUri = await http.CheckEndpointAsync(issuer, ct);
        ServerMetadata metadata;
        using (var response = await client.GetAsync(new Uri(issuerUri, "/.well-known/oauth-authorization-server"), ct))
        {
            metadata = await SignInHttp.ReadAsync<ServerMetadata>(response, "the authorization server's metadata", ct);
        }

        if (metadata.Issuer != issuer)
        {
            throw new SignInRefusedException(SignInRefusal.WrongIssuer, "the authorization server's metadata names another issuer");
        }

        if (!Offers(metadata.DpopSigningAlgValuesSupported, "ES256") || !Offers(metadata.ScopesSupported, BlueskyClientKey.Scope)
            || !Offers(metadata.TokenEndpointAuthMethodsSupported, "private_key_jwt") || !Offers(metadata.CodeChallengeMethodsSupported, "S256"))
        {
            throw new SignInRefusedException(SignInRefusal.ProtocolError, "the authorization server lacks what the atproto profile requires");
        }

        return new AtprotoServer(
            issuer,
            await http.CheckEndpointAsync(metadata.PushedAuthorizationRequestEndpoint, ct),
            await http.CheckEndpointAsync(metadata.AuthorizationEndpoint, ct),
            await http.CheckEndpointAsync(metadata.TokenEndpoint, ct),
            metadata.RevocationEndpoint is null ? null : await http.CheckEndpointAsync(metadata.RevocationEndpoint, ct));
    }

    private static bool Offers(IReadOnlyList<string>? offered, string value) => offered?.Contains(value, StringComparer.Ordinal) == true;

    /// <summary>The PDS the DID document names. The PLC directory is configured (Bluesky__PlcDirectoryUrl), not chosen by the candidate.</summary>
    private async Task<string?> PdsOfAsync(string did, CancellationToken ct)
    {
        using var client = factory.CreateClient(PlcClientName);
        using var response = await client.GetAsync(new Uri(new Uri(options.Value.PlcDirectoryUrl), "/" + Uri.EscapeDataString(did)), ct);
        var document = await SignInHttp.ReadAsync<DidDocument>(response, "the PLC directory", ct);
        var service = document.Service?.FirstOrDefault(s => (s.Id == "#atproto_pds" || s.Id == did + "#atproto_pds") && s.Type == "AtprotoPersonalDataServer");
        return document.Id == did && service?.ServiceEndpoint is { } endpoint
            ? endpoint
            : throw new SignInRefusedException(SignInRefusal.ProtocolError, "the DID document names no PDS");
    }

    private sealed record DidDocument(string? Id, IReadOnlyList<DidService>? Service);

    // DID documents are camelCase where the OAuth documents are snake_case.
    private sealed record DidService(string? Id, string? Type, [property: JsonPropertyName("serviceEndpoint")] string? ServiceEndpoint);

    private sealed record ProtectedResource(IReadOnlyList<string>? AuthorizationServers);

    private sealed record ServerMetadata(
        string? Issuer,
        string? PushedAuthorizationRequestEndpoint,
        string? AuthorizationEndpoint,
        string? TokenEndpoint,
        string? RevocationEndpoint,
        IReadOnlyList<string>? DpopSigningAlgValuesSupported,
        IReadOnlyList<string>? ScopesSupported,
        IReadOnlyList<string>? TokenEndpointAuthMethodsSupported,
        IReadOnlyList<string>? CodeChallengeMethodsSupported);
}
