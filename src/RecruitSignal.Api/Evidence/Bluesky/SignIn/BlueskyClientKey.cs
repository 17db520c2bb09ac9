using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Infrastructure;
using RecruitSignal.Presence.SignIn;

namespace RecruitSignal.Presence.Bluesky.SignIn;

/// <summary>
/// This service as an atproto OAuth client: a confidential client whose <c>client_id</c> is the URL of its metadata
/// document, authenticating with <c>private_key_jwt</c>. The ES256 key is made once, kept in the database protected
/// with the Data Protection key ring (so every instance signs with the same key), and its public half is the JWKS.
/// </summary>
public sealed class BlueskyClientKey(NpgsqlDataSource dataSource, IDataProtectionProvider protection, IOptions<PublicUrl> publicUrl, TimeProvider clock)
    : IDisposable
{
    public const string MetadataPath = "/oauth/bluesky/client-metadata.json";
    public const string JwksPath = "/oauth/bluesky/jwks.json";
    public const string CallbackPath = "/oauth/bluesky/callback";
    public const string Scope = "atproto";
    private const string KeyName = "bluesky-oauth-client";
    private const string Purpose = "RecruitSignal.SignIn.ClientKey.v1";

    // Two instances starting at once make two keys; the first one written wins and both read it back.
    private const string InsertSql = """
        insert into oauth_client_keys (name, key_id, protected_key, created_at) values (@name, @keyId, @protectedKey, @now)
        on conflict (name) do nothing
        """;

    private const string SelectSql = "select key_id, protected_key from oauth_client_keys where name = @name";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string KeyId, ECDsa Key)? _loaded;

    public string ClientId => publicUrl.Value.Link(MetadataPath);

    public string RedirectUri => publicUrl.Value.Link(CallbackPath);

    /// <summary>The client metadata document the authorization server fetches from <see cref="ClientId"/>.</summary>
    public JsonObject Metadata() => new()
    {
        ["client_id"] = ClientId,
        ["client_name"] = "RecruitSignal",
        ["client_uri"] = publicUrl.Value.Base,
        ["application_type"] = "web",
        ["grant_types"] = new JsonArray("authorization_code"),
        ["response_types"] = new JsonArray("code"),
        ["scope"] = Scope,
        ["redirect_uris"] = new JsonArray(RedirectUri),
        ["dpop_bound_access_tokens"] = true,
        ["token_endpoint_auth_method"] = "private_key_jwt",
        ["token_endpoint_auth_signing_alg"] = "ES256",
        ["jwks_uri"] = publicUrl.Value.Link(JwksPath),
    };

    public async Task<JsonObject> JwksAsync(CancellationToken ct)
    {
        var (keyId, key) = await KeyAsync(ct);
        var jwk = Jws.PublicJwk(key);
        jwk["kid"] = keyId;
        jwk["use"] = "sig";
        jwk["alg"] = "ES256";
        return new JsonObject { ["keys"] = new JsonArray(jwk) };
    }

    /// <summary>A client assertion (RFC 7523) for one request to <paramref name="issuer"/>: single use, valid one minute.</summary>
    public async Task<(string Name, string Value)[]> AuthenticationAsync(string issuer, CancellationToken ct)
    {
        var (keyId, key) = await KeyAsync(ct);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var assertion = Jws.SignEs256(key,
            new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = keyId },
            new JsonObject { ["iss"] = ClientId, ["sub"] = ClientId, ["aud"] = issuer, ["jti"] = Jws.NewId(), ["iat"] = now, ["exp"] = now + 60 });
        return [("client_id", ClientId), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", assertion)];
    }

    private async Task<(string KeyId, ECDsa Key)> KeyAsync(CancellationToken ct)
    {
        if (_loaded is { } loaded)
        {
            return loaded;
        }

        await _gate.WaitAsync(ct);
        try
        {
            return _loaded ??= await LoadOrCreateAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string KeyId, ECDsa Key)> LoadOrCreateAsync(CancellationToken ct)
    {
        var protector = protection.CreateProtector(Purpose);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(SelectSql, new { name = KeyName }, cancellationToken: ct));
        if (row is null)
        {
            using var fresh = Jws.NewKey();
            var keyId = Jws.Thumbprint(Jws.PublicJwk(fresh))[..16];
            var protectedKey = protector.Protect(Convert.ToBase64String(fresh.ExportPkcs8PrivateKey()));
            await connection.ExecuteAsync(new CommandDefinition(InsertSql, new { name = KeyName, keyId, protectedKey, now = clock.GetUtcNow() }, cancellationToken: ct));
            row = await connection.QuerySingleAsync<KeyRow>(new CommandDefinition(SelectSql, new { name = KeyName }, cancellationToken: ct));
        }

        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(protector.Unprotect(row.ProtectedKey)), out _);
        return (row.KeyId, key);
    }

    public void Dispose()
    {
        _loaded?.Key.Dispose();
        _gate.Dispose();
    }

    private sealed record KeyRow
    {
        public required string KeyId { get; init; }
        public required string ProtectedKey { get; init; }
    }
}
