using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.CandidatePages;
using RecruitSignal.Infrastructure;
using RecruitSignal.Invitations;

namespace RecruitSignal.Presence.X;

public enum SignInFailure { None, Stale, Cancelled, Failed }

/// <summary>How a sign-in ended: the handle X confirmed, or why not, with what is needed to answer the candidate.</summary>
public sealed record SignInResult(SignInFailure Failure, string? Token, string? Language, XHandle? Handle);

/// <summary>
/// "Sign in with X": OAuth 2.0 authorization code with PKCE (S256). The state is random, stored hashed, bound to one
/// invitation, single use and valid 10 minutes; the verifier and the link travel protected with Data Protection.
/// The user's access token lives only in memory here: used once to read who signed in, then revoked, never stored.
/// </summary>
public sealed partial class XSignIn(
    NpgsqlDataSource dataSource, IHttpClientFactory http, IDataProtectionProvider protection, IOptions<XOAuthOptions> options,
    IOptions<XApiOptions> xApi, IOptions<PublicUrl> publicUrl, TimeProvider clock, ILogger<XSignIn> logger)
{
    public const string HttpClientName = "x-oauth";
    public const string CallbackPath = "/c/x/callback";
    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    private const string Protection = "RecruitSignal.CandidatePages.XSignIn.v1";

    // A sign-in abandoned on X's side leaves its row behind; the next one of the same invitation clears it.
    private const string InsertStateSql = """
        with abandoned as (
            delete from invitation_oauth_states where tenant_id = @TenantId and invitation_id = @Id and expires_at <= @now
        )
        insert into invitation_oauth_states (tenant_id, id, invitation_id, state_hash, protected, language, expires_at, created_at)
        values (@TenantId, @id, @Id, @stateHash, @protectedPayload, @language, @expiresAt, @now)
        """;

    // Deleting the row is what makes a state single use: a replay finds nothing.
    private const string TakeStateSql = """
        delete from invitation_oauth_states where state_hash = @stateHash
        returning protected, language, expires_at
        """;

    public bool IsConfigured => options.Value.IsConfigured;

    public string RedirectUri => publicUrl.Value.Link(CallbackPath);

    /// <summary>Starts a sign-in for the invitation and answers where to send the browser.</summary>
    public async Task<string> BeginAsync(PageInvitation invitation, string token, string language, CancellationToken ct)
    {
        var settings = options.Value;
        var state = InvitationToken.New();
        var verifier = InvitationToken.New(); // 43 characters of [A-Za-z0-9-_], as RFC 7636 asks
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var now = clock.GetUtcNow();
        var payload = JsonSerializer.Serialize(new Carried(verifier, token));
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertStateSql, new
            {
                invitation.TenantId, invitation.Id, id = Guid.CreateVersion7(now), stateHash = InvitationToken.Hash(state),
                protectedPayload = protection.CreateProtector(Protection).Protect(payload), language, expiresAt = now + StateLifetime, now,
            }, cancellationToken: ct));
        }

        var query = QueryString.Join('&',
            ("response_type", "code"), ("client_id", settings.ClientId!), ("redirect_uri", RedirectUri), ("scope", XOAuthOptions.Scopes),
            ("state", state), ("code_challenge", challenge), ("code_challenge_method", "S256"));
        return settings.AuthorizeUrl + (settings.AuthorizeUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }

    /// <summary>Finishes a sign-in from X's redirect: checks the state, exchanges the code, reads who signed in, revokes the token.</summary>
    public async Task<SignInResult> CompleteAsync(string? code, string? state, string? error, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(state))
        {
            return new(SignInFailure.Stale, null, null, null);
        }

        Taken? taken;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            taken = await connection.QuerySingleOrDefaultAsync<Taken>(new CommandDefinition(TakeStateSql, new { stateHash = InvitationToken.Hash(state) }, cancellationToken: ct));
        }

        Carried? carried = null;
        try
        {
            carried = taken is null ? null : JsonSerializer.Deserialize<Carried>(protection.CreateProtector(Protection).Unprotect(taken.Protected));
        }
        catch (CryptographicException)
        {
            carried = null; // a row written under a key that is gone: as good as unknown
        }

        if (taken is null || carried is null)
        {
            return new(SignInFailure.Stale, null, null, null);
        }

        if (new DateTimeOffset(DateTime.SpecifyKind(taken.ExpiresAt, DateTimeKind.Utc)) <= clock.GetUtcNow())
        {
            return new(SignInFailure.Stale, carried.Token, taken.Language, null);
        }

        if (!string.IsNullOrEmpty(error) || string.IsNullOrEmpty(code))
        {
            return new(SignInFailure.Cancelled, carried.Token, taken.Language, null);
        }

        var handle = await ReadWhoSignedInAsync(code, carried.Verifier, ct);
        return new(handle is null ? SignInFailure.Failed : SignInFailure.None, carried.Token, taken.Language, handle);
    }

    private async Task<XHandle?> ReadWhoSignedInAsync(string code, string verifier, CancellationToken ct)
    {
        var settings = options.Value;
        using var client = http.CreateClient(HttpClientName);
        string? accessToken = null;
        try
        {
            using var exchange = Post(settings.TokenUrl, [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri), ("code_verifier", verifier)]);
            using var tokenResponse = await client.SendAsync(exchange, ct);
            if (!tokenResponse.IsSuccessStatusCode)
            {
                LogStep(logger, "token exchange", (int)tokenResponse.StatusCode);
                return null;
            }

            accessToken = (await tokenResponse.Content.ReadFromJsonAsync<TokenAnswer>(ct))?.AccessToken;
            if (string.IsNullOrEmpty(accessToken))
            {
                return null;
            }

            using var me = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(xApi.Value.BaseUrl), "/2/users/me"));
            me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var meResponse = await client.SendAsync(me, ct);
            if (!meResponse.IsSuccessStatusCode)
            {
                LogStep(logger, "users/me", (int)meResponse.StatusCode);
                return null;
            }

            var username = (await meResponse.Content.ReadFromJsonAsync<MeAnswer>(ct))?.Data?.Username;
            return XHandle.TryParse(username, out var handle, out _) ? handle : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            LogUnreachable(logger, e.GetType().Name);
            return null;
        }
        finally
        {
            if (accessToken is not null)
            {
                await RevokeAsync(client, accessToken);
            }
        }
    }

    // The token served its one purpose; revoking it means no copy anywhere can be used again.
    private async Task RevokeAsync(HttpClient client, string accessToken)
    {
        try
        {
            using var revoke = Post(options.Value.RevokeUrl, [("token", accessToken), ("token_type_hint", "access_token")]);
            using var response = await client.SendAsync(revoke, CancellationToken.None);
            if (!response.IsSuccessStatusCode)
            {
                LogStep(logger, "revocation", (int)response.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            LogUnreachable(logger, e.GetType().Name);
        }
    }

    /// <summary>A form POST authenticated as a confidential client: HTTP Basic with the client id and secret, as X documents.</summary>
    private HttpRequestMessage Post(string url, (string, string)[] fields)
    {
        var settings = options.Value;
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2))) };
        var credentials = $"{Uri.EscapeDataString(settings.ClientId!)}:{Uri.EscapeDataString(settings.ClientSecret!)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return request;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign in with X: the {Step} answered HTTP {Status}; the candidate is asked to try again")]
    private static partial void LogStep(ILogger logger, string step, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign in with X: X could not be reached or answered unreadably ({Failure})")]
    private static partial void LogUnreachable(ILogger logger, string failure);

    private sealed record Carried(string Verifier, string Token);

    private sealed record Taken
    {
        public required string Protected { get; init; }
        public required string Language { get; init; }
        public DateTime ExpiresAt { get; init; }
    }

    private sealed record TokenAnswer([property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string? AccessToken);

    private sealed record MeAnswer(MeUser? Data);

    private sealed record MeUser(string? Id, string? Username);
}

internal static class QueryString
{
    public static string Join(char separator, params (string Name, string Value)[] pairs) =>
        string.Join(separator, pairs.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
}
