namespace RecruitSignal.Presence.SignIn;

/// <summary>One network's sign-in (Bluesky's atproto OAuth, a Mastodon server's OAuth): throws <see cref="SignInRefusedException"/> for a known refusal.</summary>
public interface INetworkSignInFlow
{
    /// <summary>The network's wire name, in the callback path and the state row: <c>bluesky</c>, <c>mastodon</c>.</summary>
    string Network { get; }

    /// <summary>Resolves the handle, asks its server to start a sign-in and answers where to send the browser.</summary>
    Task<string> StartAsync(SignInFor invitation, string handle, CancellationToken ct);

    /// <summary>Given the state taken back, exchanges the callback's code, checks who signed in, discards the tokens.</summary>
    Task<SignInOutcome> CompleteAsync(SignInTicket ticket, IQueryCollection callback, CancellationToken ct);
}

/// <summary>
/// The invitation a sign-in is for and, when the candidate page started it, the page to come back to: carried in the
/// state, protected like the rest of it, so that the callback can end on the candidate's page in their language.
/// </summary>
public sealed record SignInFor(Guid TenantId, Guid InvitationId, SignInPage? Page = null);

/// <summary>The candidate page's link token and the language the candidate read it in.</summary>
public sealed record SignInPage(string Token, string Language);
