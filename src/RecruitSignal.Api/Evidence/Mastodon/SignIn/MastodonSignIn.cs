using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using RecruitSignal.Infrastructure;
using RecruitSignal.Presence.SignIn;
using QueryString = RecruitSignal.Presence.X.QueryString;

namespace RecruitSignal.Presence.Mastodon.SignIn;

/// <summary>
/// "Sign in with Mastodon" at the server the candidate typed: WebFinger proves the server knows <c>@user@server</c>;
/// its OAuth metadata (or, before Mastodon 4.3, the classic endpoints) gives where to go; this service's app there is
/// registered once and reused; authorization code with PKCE S256 and the narrowest scope offered (<c>profile</c>, else
/// <c>read:accounts</c>). At the callback <c>verify_credentials</c> must name the very account typed, on that server;
/// then the token is revoked. Nothing of the token is kept.
/// </summary>
public sealed class MastodonSignIn(
    MastodonApps apps, SignInStates states, SignInHttp http, IOptions<PublicUrl> publicUrl, TimeProvider clock)
    : INetworkSignInFlow
{
    public const string Name = "mastodon";
    public const string CallbackPath = "/oauth/mastodon/callback";

    public string Network => Name;

    private string RedirectUri => publicUrl.Value.Link(CallbackPath);

    public async Task<string> StartAsync(SignInFor invitation, string handle, CancellationToken ct)
    {
        if (!MastodonHandle.TryParse(handle, out var typed, out _))
        {
            throw new SignInRefusedException(SignInRefusal.InvalidHandle, "not a Mastodon handle");
        }

        if (!await states.IsOpenAsync(invitation, ct))
        {
            throw new SignInRefusedException(SignInRefusal.InvitationClosed, "the invitation is not waiting for an answer");
        }

        var server = await http.CheckEndpointAsync($"https://{typed.Server}/", ct);
        using var client = http.Client();
        if (!await KnowsAsync(client, server, typed, ct))
        {
            throw new SignInRefusedException(SignInRefusal.NoSuchAccount, "WebFinger does not know the account");
        }

        var endpoints = await EndpointsAsync(client, server, ct);
        var app = await apps.FindOrRegisterAsync(client, typed.Server, endpoints.Registration, RedirectUri, endpoints.Scope, ct);
        var (verifier, challenge) = Jws.Pkce();
        var state = SignInStates.NewState();
        var carried = new Carried(verifier, typed.Username, typed.Server, endpoints.Token.ToString(), endpoints.Revocation.ToString());
        if (!await states.CreateAsync(invitation, Name, state, carried, ct))
        {
            throw new SignInRefusedException(SignInRefusal.InvitationClosed, "the invitation closed during the sign-in's start");
        }

        return $"{endpoints.Authorization}?" + QueryString.Join('&',
            ("response_type", "code"), ("client_id", app.ClientId), ("redirect_uri", RedirectUri), ("scope", app.Scope), ("state", state),
            ("code_challenge", challenge), ("code_challenge_method", "S256"));
    }

    public async Task<SignInOutcome> CompleteAsync(SignInTicket ticket, IQueryCollection callback, CancellationToken ct)
    {
        var carried = ticket.Read<Carried>();
        if (!string.IsNullOrEmpty(callback["error"]) || string.IsNullOrEmpty(callback["code"]))
        {
            throw new SignInRefusedException(SignInRefusal.Cancelled, "the server answered an error or no code") { Ticket = ticket };
        }

        var app = await apps.FindAsync(carried.Server, RedirectUri, ct)
            ?? throw new SignInRefusedException(SignInRefusal.UnknownState, "the app registration is gone") { Ticket = ticket };
        using var client = http.Client();
        string? accessToken = null;
        try
        {
            using (var response = await client.PostAsync(carried.TokenEndpoint, SignInHttp.Form(
                ("grant_type", "authorization_code"), ("code", callback["code"].ToString()), ("client_id", app.ClientId), ("client_secret", app.ClientSecret),
                ("redirect_uri", RedirectUri), ("code_verifier", carried.Verifier), ("scope", app.Scope)), ct))
            {
                accessToken = (await SignInHttp.ReadAsync<TokenAnswer>(response, "the token request", ct)).AccessToken
                    ?? throw new SignInRefusedException(SignInRefusal.ProtocolError, "the token request gave no token") { Ticket = ticket };
            }

            using var me = new HttpRequestMessage(HttpMethod.Get, $"https://{carried.Server}/api/v1/accounts/verify_credentials");
            me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var answer = await client.SendAsync(me, ct);
            var account = await SignInHttp.ReadAsync<Account>(answer, "verify_credentials", ct);

            // A local account's acct is its bare username: anything else is someone else, or another server's account.
            if (!string.Equals(account.Acct, carried.Username, StringComparison.OrdinalIgnoreCase))
            {
                throw new SignInRefusedException(SignInRefusal.WrongAccount, "verify_credentials names another account than the one typed") { Ticket = ticket };
            }

            var url = Uri.TryCreate(account.Url, UriKind.Absolute, out var given) && given.Scheme == Uri.UriSchemeHttps ? given.ToString() : $"https://{carried.Server}/@{carried.Username}";
            return SignInOutcome.Of(ticket, new VerifiedIdentity(Name, url, $"{account.Acct}@{carried.Server}".ToLowerInvariant(), clock.GetUtcNow()));
        }
        finally
        {
            if (accessToken is not null)
            {
                await RevokeAsync(client, carried, app, accessToken);
            }
        }
    }

    /// <summary>
    /// Whether the server's WebFinger knows the account as typed: the same check as the lookup's, made here through the
    /// sign-in's client so that its size cap and timeout hold for this call too.
    /// </summary>
    private static async Task<bool> KnowsAsync(HttpClient client, Uri server, MastodonHandle typed, CancellationToken ct)
    {
        using var response = await client.GetAsync(new Uri(server, "/.well-known/webfinger?resource=" + Uri.EscapeDataString("acct:" + typed.Value)), ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return false;
        }

        var answer = await SignInHttp.ReadAsync<WebFinger>(response, "WebFinger", ct);
        return string.Equals(answer.Subject, "acct:" + typed.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The server's OAuth endpoints and the narrowest scope that reads who signed in.</summary>
    private async Task<Endpoints> EndpointsAsync(HttpClient client, Uri server, CancellationToken ct)
    {
        using var response = await client.GetAsync(new Uri(server, "/.well-known/oauth-authorization-server"), ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // Before Mastodon 4.3: no metadata, the classic endpoints, and no profile scope.
            return new Endpoints(new Uri(server, "/oauth/authorize"), new Uri(server, "/oauth/token"), new Uri(server, "/oauth/revoke"),
                new Uri(server, "/api/v1/apps"), "read:accounts");
        }

        var metadata = await SignInHttp.ReadAsync<Metadata>(response, "the OAuth metadata", ct);
        var scope = metadata.ScopesSupported?.Contains("profile") == true ? "profile" : "read:accounts";
        return new Endpoints(
            await http.CheckEndpointAsync(metadata.AuthorizationEndpoint, ct),
            await http.CheckEndpointAsync(metadata.TokenEndpoint, ct),
            await http.CheckEndpointAsync(metadata.RevocationEndpoint ?? new Uri(server, "/oauth/revoke").ToString(), ct),
            await http.CheckEndpointAsync(metadata.AppRegistrationEndpoint ?? new Uri(server, "/api/v1/apps").ToString(), ct),
            scope);
    }

    // The token served its one purpose: revoked, no copy anywhere can act for the candidate.
    private static async Task RevokeAsync(HttpClient client, Carried carried, MastodonApp app, string accessToken)
    {
        try
        {
            using var response = await client.PostAsync(carried.RevocationEndpoint,
                SignInHttp.Form(("client_id", app.ClientId), ("client_secret", app.ClientSecret), ("token", accessToken)), CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Best effort: the token is in no store here, and the candidate can revoke the app from their settings.
        }
    }

    private sealed record Carried(string Verifier, string Username, string Server, string TokenEndpoint, string RevocationEndpoint);

    private sealed record Endpoints(Uri Authorization, Uri Token, Uri Revocation, Uri Registration, string Scope);

    private sealed record Metadata(
        string? AuthorizationEndpoint, string? TokenEndpoint, string? RevocationEndpoint, string? AppRegistrationEndpoint, IReadOnlyList<string>? ScopesSupported);

    private sealed record TokenAnswer(string? AccessToken);

    private sealed record WebFinger(string? Subject);

    private sealed record Account(string? Id, string? Username, string? Acct, string? Url);
}
