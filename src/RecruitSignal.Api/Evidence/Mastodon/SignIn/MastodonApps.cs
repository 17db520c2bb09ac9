using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using RecruitSignal.Presence.SignIn;

namespace RecruitSignal.Presence.Mastodon.SignIn;

/// <summary>This service's client credentials at one Mastodon server, for one redirect URI.</summary>
public sealed record MastodonApp(string ClientId, string ClientSecret, string Scope);

/// <summary>
/// This service registers itself once with each Mastodon server (<c>POST /api/v1/apps</c>) and reuses what it got:
/// the client secret is kept protected with the Data Protection key ring, keyed by server and redirect URI (a new
/// PublicBaseUrl is a new registration).
/// </summary>
public sealed class MastodonApps(NpgsqlDataSource dataSource, IDataProtectionProvider protection, TimeProvider clock)
{
    private const string Purpose = "RecruitSignal.SignIn.MastodonApp.v1";

    private const string SelectSql = """
        select client_id, protected_secret, scope from mastodon_app_registrations where server = @server and redirect_uri = @redirectUri
        """;

    // Two sign-ins registering at once: the first registration written is the one both use.
    private const string InsertSql = """
        insert into mastodon_app_registrations (server, redirect_uri, scope, client_id, protected_secret, created_at)
        values (@server, @redirectUri, @scope, @clientId, @protectedSecret, @now)
        on conflict (server, redirect_uri) do nothing
        """;

    public async Task<MastodonApp?> FindAsync(string server, string redirectUri, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(SelectSql, new { server, redirectUri }, cancellationToken: ct));
        return row is null ? null : new MastodonApp(row.ClientId, protection.CreateProtector(Purpose).Unprotect(row.ProtectedSecret), row.Scope);
    }

    public async Task<MastodonApp> FindOrRegisterAsync(HttpClient http, string server, Uri registrationEndpoint, string redirectUri, string scope, CancellationToken ct)
    {
        if (await FindAsync(server, redirectUri, ct) is { } known)
        {
            return known;
        }

        Registered registered;
        using (var response = await http.PostAsJsonAsync(registrationEndpoint,
            new { client_name = "RecruitSignal", redirect_uris = redirectUri, scopes = scope }, ct))
        {
            registered = await SignInHttp.ReadAsync<Registered>(response, "the app registration", ct);
        }

        if (string.IsNullOrEmpty(registered.ClientId) || string.IsNullOrEmpty(registered.ClientSecret) || registered.ClientId.Length > 500)
        {
            throw new SignInRefusedException(SignInRefusal.ProtocolError, "the app registration gave no client credentials");
        }

        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
            {
                server, redirectUri, scope, clientId = registered.ClientId, now = clock.GetUtcNow(),
                protectedSecret = protection.CreateProtector(Purpose).Protect(registered.ClientSecret),
            }, cancellationToken: ct));
        }

        return await FindAsync(server, redirectUri, ct) ?? throw new InvalidOperationException("The Mastodon app registration was not kept.");
    }

    private sealed record Row
    {
        public required string ClientId { get; init; }
        public required string ProtectedSecret { get; init; }
        public required string Scope { get; init; }
    }

    private sealed record Registered(string? ClientId, string? ClientSecret);
}
