using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Presence.SignIn;
using RecruitSignal.Tests.Networks;

namespace RecruitSignal.Tests.SignIn;

[Collection(SignInGroup.Name)]
public sealed class BlueskySignInTests(SignInFixture fixture)
{
    private FakeAtproto Atproto => fixture.Atproto;

    private async Task<(Guid TenantId, Guid InvitationId, AtprotoAccount Account, string AuthorizationUrl)> StartedAsync(string? pds = null)
    {
        var (tenantId, invitationId) = await fixture.InvitationAsync();
        var account = pds is null ? Atproto.Add(NewHandle(), fixture.Dns) : Atproto.Add(NewHandle(), fixture.Dns, pds);
        var start = await fixture.StartAsync(tenantId, invitationId, "bluesky", "@" + account.Handle, CancellationToken.None);
        return (tenantId, invitationId, account, start.AuthorizationUrl ?? $"refused: {start.Refusal.Code()}");
    }

    private static string NewHandle() => $"c{Guid.NewGuid():N}"[..12] + ".bsky.test";

    [Fact]
    public async Task SignInWithBlueskyEndsOnTheVerifiedDidAfterParPkceAndADpopNonceAndKeepsNoToken()
    {
        var refusalsBefore = Atproto.Refusals.Count(r => r == "use_dpop_nonce");
        var (_, invitationId, account, authorizationUrl) = await StartedAsync();
        var query = Atproto.Approve(authorizationUrl);

        var (status, body) = await fixture.CallbackAsync("bluesky", query);

        Assert.StartsWith($"{FakeAtproto.Issuer}/oauth/authorize?client_id=", authorizationUrl, StringComparison.Ordinal);
        Assert.Contains("request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A", authorizationUrl, StringComparison.Ordinal);
        Assert.Equal(302, status);
        Assert.Equal(("verified", account.Did, account.Handle), (body.Text("outcome"), body.Text("subject"), body.Text("handle")));
        Assert.True(Atproto.Refusals.Count(r => r == "use_dpop_nonce") > refusalsBefore, "the server's first answer asked for a nonce");
        Assert.Equal(0, await fixture.StatesOfAsync(invitationId));
        var tokens = Atproto.IssuedTokens.TakeLast(2).ToList();
        Assert.All(tokens, token => Assert.Contains(token, Atproto.RevokedTokens));
        foreach (var token in tokens)
        {
            Assert.Empty(await fixture.Harness.PlacesHoldingAsync(token));
            Assert.DoesNotContain(token, fixture.Harness.Logs.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ATokenWhoseSubIsNotTheResolvedDidIsRefusedAndRevoked()
    {
        var (_, invitationId, _, authorizationUrl) = await StartedAsync();
        var someoneElse = Atproto.Add(NewHandle(), fixture.Dns);
        Atproto.SignInAs = someoneElse.Did;
        string query;
        try
        {
            query = Atproto.Approve(authorizationUrl);
        }
        finally
        {
            Atproto.SignInAs = null;
        }

        var (status, body) = await fixture.CallbackAsync("bluesky", query);

        Assert.Equal((400, "wrong_subject"), (status, body.Text("reason")));
        Assert.Contains(Atproto.IssuedTokens.TakeLast(2).First(), Atproto.RevokedTokens);
        Assert.Equal(0, await fixture.StatesOfAsync(invitationId));
    }

    [Fact]
    public async Task ACallbackWhoseIssIsNotTheServerThePdsNamesIsRefusedBeforeTheCodeIsSpent()
    {
        var (_, invitationId, _, authorizationUrl) = await StartedAsync();
        var query = Atproto.Approve(authorizationUrl).Replace(Uri.EscapeDataString(FakeAtproto.Issuer), Uri.EscapeDataString("https://evil.test"), StringComparison.Ordinal);
        var tokenRequests = Atproto.TokenRequests;

        var (status, body) = await fixture.CallbackAsync("bluesky", query);

        Assert.Equal((400, "wrong_issuer"), (status, body.Text("reason")));
        Assert.Equal(tokenRequests, Atproto.TokenRequests);
        Assert.Equal(0, await fixture.StatesOfAsync(invitationId));
    }

    [Fact]
    public async Task APdsNamingAnotherAuthorizationServerThanTheOneAnsweringIsRefusedAtTheStart()
    {
        var (tenantId, invitationId) = await fixture.InvitationAsync();
        var account = Atproto.Add(NewHandle(), fixture.Dns);
        Atproto.NamedIssuer = "https://auth.test/other"; // the metadata there says its issuer is https://auth.test
        SignInStart start;
        try
        {
            start = await fixture.StartAsync(tenantId, invitationId, "bluesky", account.Handle, CancellationToken.None);
        }
        finally
        {
            Atproto.NamedIssuer = null;
        }

        Assert.Equal(SignInRefusal.WrongIssuer, start.Refusal);
        Assert.Equal(0, await fixture.StatesOfAsync(invitationId));
    }

    [Fact]
    public async Task AStateIsSingleUseAndTheSecondCallbackIsRefused()
    {
        var (_, _, _, authorizationUrl) = await StartedAsync();
        var query = Atproto.Approve(authorizationUrl);

        var first = await fixture.CallbackAsync("bluesky", query);
        var second = await fixture.CallbackAsync("bluesky", query);

        Assert.Equal(302, first.Status);
        Assert.Equal((400, "unknown_state"), (second.Status, second.Body.Text("reason")));
    }

    [Fact]
    public async Task AStateOlderThanTenMinutesIsRefusedAndNoCodeIsSpent()
    {
        var (_, invitationId, _, authorizationUrl) = await StartedAsync();
        var query = Atproto.Approve(authorizationUrl);
        await fixture.Harness.ScalarAsync<int>(
            "update network_sign_in_states set expires_at = now() - interval '1 second' where invitation_id = @invitationId returning 1", new { invitationId });
        var tokenRequests = Atproto.TokenRequests;

        var (status, body) = await fixture.CallbackAsync("bluesky", query);

        Assert.Equal((400, "expired_state"), (status, body.Text("reason")));
        Assert.Equal(tokenRequests, Atproto.TokenRequests);
        Assert.Equal(0, await fixture.StatesOfAsync(invitationId));
    }

    [Fact]
    public async Task APdsOnAnInternalAddressIsRefusedAndNothingIsWritten()
    {
        var pars = Atproto.AcceptedPars;

        var (_, invitationId, _, refused) = await StartedAsync(pds: "https://127.0.0.2");

        Assert.Equal("refused: private_address", refused);
        Assert.Equal(pars, Atproto.AcceptedPars);
        Assert.Equal(0, await fixture.StatesOfAsync(invitationId));
    }

    [Fact]
    public async Task TheClientMetadataDocumentIsServedAtItsOwnUrlWithItsJwks()
    {
        using var http = new HttpClient();
        var clientId = fixture.Harness.BaseUrl + "/oauth/bluesky/client-metadata.json";

        var metadata = (await http.GetFromJsonAsync<JsonObject>(clientId))!;
        var jwks = (await http.GetFromJsonAsync<JsonObject>(metadata.Text("jwks_uri")))!;

        Assert.Equal(clientId, metadata.Text("client_id"));
        Assert.Equal(("private_key_jwt", "atproto"), (metadata.Text("token_endpoint_auth_method"), metadata.Text("scope")));
        var key = Assert.Single(jwks["keys"]!.AsArray())!.AsObject();
        Assert.Equal(("EC", "P-256"), (key.Text("kty"), key.Text("crv")));
        Assert.Null(key["d"]);
    }
}
