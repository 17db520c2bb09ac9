using RecruitSignal.Presence.SignIn;

namespace RecruitSignal.Tests.SignIn;

[Collection(SignInGroup.Name)]
public sealed class MastodonSignInTests(SignInFixture fixture)
{
    private async Task<(Guid InvitationId, string Username, SignInStart Start)> StartedAsync(FakeMastodonOAuth server)
    {
        var (tenantId, invitationId) = await fixture.InvitationAsync();
        var username = $"m{Guid.NewGuid():N}"[..12];
        server.Usernames.Add(username);
        var start = await fixture.StartAsync(tenantId, invitationId, "mastodon", $"@{username}@{server.Domain}", CancellationToken.None);
        return (invitationId, username, start);
    }

    private Task<long> RegistrationsAtAsync(string server) =>
        fixture.Harness.ScalarAsync<long>("select count(*) from mastodon_app_registrations where server = @server", new { server });

    [Fact]
    public async Task SignInWithMastodonEndsOnTheTypedAccountRevokesTheTokenAndKeepsItNowhere()
    {
        var server = fixture.Mastodon;
        var (invitationId, username, start) = await StartedAsync(server);

        var (status, body) = await fixture.CallbackAsync("mastodon", server.Approve(start.AuthorizationUrl!, username));

        Assert.StartsWith("https://mastodon.test/oauth/authorize?", start.AuthorizationUrl, StringComparison.Ordinal);
        Assert.Contains("scope=profile&", start.AuthorizationUrl, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", start.AuthorizationUrl, StringComparison.Ordinal);
        Assert.Equal(302, status);
        Assert.Equal(("verified", $"https://mastodon.test/@{username}", $"{username}@mastodon.test"), (body.Text("outcome"), body.Text("subject"), body.Text("handle")));
        var token = server.IssuedTokens.Last();
        Assert.Contains(token, server.RevokedTokens);
        Assert.Equal(0, await fixture.StatesOfAsync(invitationId));
        Assert.Empty(await fixture.Harness.PlacesHoldingAsync(token));
        Assert.DoesNotContain(token, fixture.Harness.Logs.All, StringComparison.Ordinal);
        foreach (var secret in server.ClientSecrets)
        {
            Assert.Empty(await fixture.Harness.PlacesHoldingAsync(secret)); // kept protected, never plain
        }

    }

    [Fact]
    public async Task TheServiceRegistersOnceWithAServerAndReusesItsApp()
    {
        var server = fixture.Mastodon;
        var first = await StartedAsync(server);
        var second = await StartedAsync(server);

        Assert.NotNull(first.Start.AuthorizationUrl);
        Assert.NotNull(second.Start.AuthorizationUrl);
        Assert.Single(server.Registrations);
        Assert.Equal(1, await RegistrationsAtAsync(server.Domain));
    }

    [Fact]
    public async Task AServerWithoutOAuthMetadataIsSignedInThroughTheClassicEndpointsWithReadAccounts()
    {
        var server = fixture.Classic;
        var (_, username, start) = await StartedAsync(server);

        var (status, body) = await fixture.CallbackAsync("mastodon", server.Approve(start.AuthorizationUrl!, username));

        Assert.StartsWith("https://classic.test/oauth/authorize?", start.AuthorizationUrl, StringComparison.Ordinal);
        Assert.Contains("scope=read%3Aaccounts&", start.AuthorizationUrl, StringComparison.Ordinal);
        Assert.Equal((302, $"{username}@classic.test"), (status, body.Text("handle")));
    }

    [Fact]
    public async Task AnAccountOtherThanTheOneTypedIsRefusedAndItsTokenRevoked()
    {
        var server = fixture.Mastodon;
        var (invitationId, _, start) = await StartedAsync(server);
        server.Usernames.Add("someone_else");
        var query = server.Approve(start.AuthorizationUrl!, "someone_else");

        var (status, body) = await fixture.CallbackAsync("mastodon", query);

        Assert.Equal((400, "wrong_account"), (status, body.Text("reason")));
        Assert.Contains(server.IssuedTokens.Last(), server.RevokedTokens);
        Assert.Equal(0, await fixture.StatesOfAsync(invitationId));
    }

    [Fact]
    public async Task AServerNamingAnEndpointOnAnInternalAddressIsRefusedAndNothingIsWritten()
    {
        var (invitationId, _, start) = await StartedAsync(fixture.Inward);

        Assert.Equal(SignInRefusal.PrivateAddress, start.Refusal);
        Assert.Null(start.AuthorizationUrl);
        Assert.Empty(fixture.Inward.Registrations);
        Assert.Equal(0, await RegistrationsAtAsync(fixture.Inward.Domain));
        Assert.Equal(0, await fixture.StatesOfAsync(invitationId));
    }

    [Fact]
    public async Task AnAnswerLargerThanTheCapIsRefusedAsUnreachableAndNothingIsWritten()
    {
        fixture.Classic.HugeWebFinger = true;
        try
        {
            var (invitationId, _, start) = await StartedAsync(fixture.Classic);

            Assert.Equal(SignInRefusal.Unreachable, start.Refusal);
            Assert.Equal(0, await fixture.StatesOfAsync(invitationId));
        }
        finally
        {
            fixture.Classic.HugeWebFinger = false;
        }
    }

    [Fact]
    public async Task AnAccountTheServerDoesNotKnowIsRefusedBeforeAnyRegistration()
    {
        var (tenantId, invitationId) = await fixture.InvitationAsync();

        var start = await fixture.StartAsync(tenantId, invitationId, "mastodon", "@nobody_here@classic.test", CancellationToken.None);

        Assert.Equal(SignInRefusal.NoSuchAccount, start.Refusal);
        Assert.Equal(0, await fixture.StatesOfAsync(invitationId));
    }

    [Fact]
    public async Task ABlueskyStateBroughtToTheMastodonCallbackIsRefusedAndStaysUnused()
    {
        var (tenantId, invitationId) = await fixture.InvitationAsync();
        var account = fixture.Atproto.Add($"x{Guid.NewGuid():N}"[..12] + ".bsky.test", fixture.Dns);
        var start = await fixture.StartAsync(tenantId, invitationId, "bluesky", account.Handle, CancellationToken.None);
        var query = fixture.Atproto.Approve(start.AuthorizationUrl!);

        var wrong = await fixture.CallbackAsync("mastodon", query);
        var right = await fixture.CallbackAsync("bluesky", query);

        Assert.Equal((400, "unknown_state"), (wrong.Status, wrong.Body.Text("reason")));
        Assert.Equal(302, right.Status);
    }
}
