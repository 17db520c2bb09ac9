namespace RecruitSignal.Presence.SignIn;

/// <summary>One network's sign-in (Bluesky's atproto OAuth, a Mastodon server's OAuth): throws <see cref="SignInRefusedException"/> for a known refusal.</summary>
public interface INetworkSignInFlow
{
    /// <summary>The network's wire name, in the callback path and the state row: <c>bluesky</c>, <c>mastodon</c>.</summary>
    string Network { get; }

    /// <summary>Resolves the handle, asks its server to start a sign-in and answers where to send the browser.</summary>
    Task<string> StartAsync(Guid tenantId, Guid invitationId, string handle, CancellationToken ct);

    /// <summary>Checks the callback against the state, exchanges the code, checks who signed in, discards the tokens.</summary>
    Task<SignInOutcome> CompleteAsync(IQueryCollection callback, CancellationToken ct);
}
