namespace RecruitSignal.Presence.SignIn;

/// <summary>Why a sign-in did not end verified: a code a page can render (its wire name is <see cref="SignInReasons.Code"/>).</summary>
public enum SignInRefusal
{
    None,
    UnknownNetwork,
    InvalidHandle,
    NoSuchAccount,
    InvitationClosed,
    UnknownState,
    ExpiredState,
    Cancelled,
    PrivateAddress,
    Unreachable,
    ProtocolError,
    WrongIssuer,
    WrongSubject,
    WrongAccount,
}

public static class SignInReasons
{
    /// <summary>snake_case, as a page or a log line names the reason.</summary>
    public static string Code(this SignInRefusal refusal) =>
        string.Concat(refusal.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

/// <summary>Where to send the browser to sign in, or why not.</summary>
public sealed record SignInStart(string? AuthorizationUrl, SignInRefusal Refusal)
{
    public static SignInStart Refused(SignInRefusal refusal) => new(null, refusal);
}

/// <summary>
/// Who the network says signed in: a Bluesky DID and its handle, or a Mastodon account URL and its acct. That and the
/// time are all a sign-in yields; the tokens that proved it are gone by the time this exists.
/// </summary>
public sealed record VerifiedIdentity(string Network, string Subject, string Handle, DateTimeOffset VerifiedAt);

/// <summary>
/// How a callback ended: for which invitation, and either a verified identity or the reason there is none; the page is the candidate page the sign-in started from, once the state named it.
/// </summary>
public sealed record SignInOutcome(SignInRefusal Refusal, Guid? TenantId, Guid? InvitationId, VerifiedIdentity? Identity, SignInPage? Page = null)
{
    public bool Verified => Refusal == SignInRefusal.None && Identity is not null;

    public static SignInOutcome Of(SignInTicket ticket, VerifiedIdentity identity) => new(SignInRefusal.None, ticket.TenantId, ticket.InvitationId, identity, ticket.Page);

    public static SignInOutcome Refused(SignInRefusal refusal, SignInTicket? ticket = null) => new(refusal, ticket?.TenantId, ticket?.InvitationId, null, ticket?.Page);
}

/// <summary>A failure a flow knows the reason of; caught once, in <see cref="NetworkSignIn"/>.</summary>
public sealed class SignInRefusedException(SignInRefusal refusal, string detail) : Exception(detail)
{
    public SignInRefusal Refusal { get; } = refusal;

    /// <summary>The invitation the refused sign-in was for, once the state named it.</summary>
    public SignInTicket? Ticket { get; init; }
}
