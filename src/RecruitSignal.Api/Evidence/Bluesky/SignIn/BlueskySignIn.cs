using System.Security.Cryptography;
using RecruitSignal.Presence.SignIn;
using QueryString = RecruitSignal.Presence.X.QueryString;

namespace RecruitSignal.Presence.Bluesky.SignIn;

/// <summary>
/// "Sign in with Bluesky", the atproto OAuth profile: handle -> DID (both ways) -> PDS -> authorization server; a
/// pushed authorization request with PKCE S256, a DPoP key made for this sign-in alone and the client's private_key_jwt;
/// scope <c>atproto</c>. At the callback the <c>iss</c> must be the server the DID's PDS named and the token's <c>sub</c>
/// the DID resolved at the start. The tokens live in this method's memory only: checked, revoked, dropped.
/// </summary>
public sealed class BlueskySignIn(
    BlueskyIdentity identity, AtprotoDiscovery discovery, BlueskyClientKey client, SignInStates states, SignInHttp http, TimeProvider clock)
    : INetworkSignInFlow
{
    public const string Name = "bluesky";

    public string Network => Name;

    public async Task<string> StartAsync(SignInFor invitation, string handle, CancellationToken ct)
    {
        if (!BlueskyHandle.TryParse(handle, out var given, out _))
        {
            throw new SignInRefusedException(SignInRefusal.InvalidHandle, "not a Bluesky handle");
        }

        if (!await states.IsOpenAsync(invitation, ct))
        {
            throw new SignInRefusedException(SignInRefusal.InvitationClosed, "the invitation is not waiting for an answer");
        }

        var (did, verifiedHandle) = await identity.VerifyAsync(given, ct);
        var server = await discovery.DiscoverAsync(did, ct);
        using var dpopKey = Jws.NewKey();
        var (verifier, challenge) = Jws.Pkce();
        var state = SignInStates.NewState();
        var dpop = new DpopPost(dpopKey, null, clock);
        using var httpClient = http.Client();
        string requestUri;
        using (var response = await dpop.SendAsync(httpClient, server.ParEndpoint, async () =>
        [
            ("response_type", "code"), ("redirect_uri", client.RedirectUri), ("scope", BlueskyClientKey.Scope), ("state", state),
            ("code_challenge", challenge), ("code_challenge_method", "S256"), ("login_hint", verifiedHandle),
            .. await client.AuthenticationAsync(server.Issuer, ct),
        ], ct))
        {
            requestUri = (await SignInHttp.ReadAsync<ParAnswer>(response, "the pushed authorization request", ct)).RequestUri
                ?? throw new SignInRefusedException(SignInRefusal.ProtocolError, "the pushed authorization request gave no request_uri");
        }

        var carried = new Carried(verifier, did, verifiedHandle, server.Issuer, server.TokenEndpoint.ToString(), server.RevocationEndpoint?.ToString(),
            Convert.ToBase64String(dpopKey.ExportPkcs8PrivateKey()), dpop.Nonce);
        if (!await states.CreateAsync(invitation, Name, state, carried, ct))
        {
            throw new SignInRefusedException(SignInRefusal.InvitationClosed, "the invitation closed during the sign-in's start");
        }

        return $"{server.AuthorizationEndpoint}?{QueryString.Join('&', ("client_id", client.ClientId), ("request_uri", requestUri))}";
    }

    public async Task<SignInOutcome> CompleteAsync(SignInTicket ticket, IQueryCollection callback, CancellationToken ct)
    {
        var carried = ticket.Read<Carried>();
        if (!string.IsNullOrEmpty(callback["error"]) || string.IsNullOrEmpty(callback["code"]))
        {
            throw new SignInRefusedException(SignInRefusal.Cancelled, "the server answered an error or no code") { Ticket = ticket };
        }

        // RFC 9207: the code goes to no token endpoint before the answer is known to come from the server the PDS named.
        if (callback["iss"] != carried.Issuer)
        {
            throw new SignInRefusedException(SignInRefusal.WrongIssuer, "the callback's iss is not the DID's authorization server") { Ticket = ticket };
        }

        using var dpopKey = ECDsa.Create();
        dpopKey.ImportPkcs8PrivateKey(Convert.FromBase64String(carried.DpopKey), out _);
        var dpop = new DpopPost(dpopKey, carried.Nonce, clock);
        using var httpClient = http.Client();
        TokenAnswer? tokens = null;
        try
        {
            using (var response = await dpop.SendAsync(httpClient, new Uri(carried.TokenEndpoint), async () =>
            [
                ("grant_type", "authorization_code"), ("code", callback["code"].ToString()), ("redirect_uri", client.RedirectUri),
                ("code_verifier", carried.Verifier), .. await client.AuthenticationAsync(carried.Issuer, ct),
            ], ct))
            {
                tokens = await SignInHttp.ReadAsync<TokenAnswer>(response, "the token request", ct);
            }

            if (tokens.Sub != carried.Did)
            {
                throw new SignInRefusedException(SignInRefusal.WrongSubject, "the token's sub is not the DID resolved at the start") { Ticket = ticket };
            }

            if (tokens.Scope?.Split(' ').Contains(BlueskyClientKey.Scope) != true)
            {
                throw new SignInRefusedException(SignInRefusal.ProtocolError, "the token was not granted the atproto scope") { Ticket = ticket };
            }

            return SignInOutcome.Of(ticket, new VerifiedIdentity(Name, carried.Did, carried.Handle, clock.GetUtcNow()));
        }
        finally
        {
            if (carried.RevocationEndpoint is not null && tokens is not null)
            {
                await RevokeAsync(httpClient, dpop, carried, tokens);
            }
        }
    }

    // The tokens served their one purpose; revoked, no copy anywhere can act for the candidate.
    private async Task RevokeAsync(HttpClient httpClient, DpopPost dpop, Carried carried, TokenAnswer tokens)
    {
        foreach (var token in new[] { tokens.AccessToken, tokens.RefreshToken }.OfType<string>())
        {
            try
            {
                using var response = await dpop.SendAsync(httpClient, new Uri(carried.RevocationEndpoint!),
                    async () => [("token", token), .. await client.AuthenticationAsync(carried.Issuer, CancellationToken.None)], CancellationToken.None);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Revocation is best effort: the access token expires on its own, and nothing here keeps it.
            }
        }
    }

    private sealed record Carried(
        string Verifier, string Did, string Handle, string Issuer, string TokenEndpoint, string? RevocationEndpoint, string DpopKey, string? Nonce);

    private sealed record ParAnswer(string? RequestUri);

    private sealed record TokenAnswer(string? AccessToken, string? RefreshToken, string? Sub, string? Scope);
}
