using FluentValidation;
using RecruitSignal.CandidatePages;
using RecruitSignal.Scoring;

namespace RecruitSignal.Invitations;

public enum InvitationStatus { Pending, Opened, Completed, Declined, Expired, Cancelled }

/// <summary>
/// What the candidate answered first: signed in with X, typed a username, stated having no account, refused, or signed in
/// with Bluesky or Mastodon (<c>network_signin</c>; the assessment's <c>networks[]</c> says which, with <c>ownership: verified</c>).
/// </summary>
public enum InvitationOutcome { XSignin, TypedHandle, NoAccount, Declined, NetworkSignin }

/// <summary>Invite the candidate to give (or refuse) their X account themselves.</summary>
/// <param name="Language"><c>fr</c> or <c>en</c>: the email's language and the page's first language (the candidate can switch).
/// By default the tenant's (<c>PUT /v1/settings/invitations</c>, <c>en</c> until set).</param>
/// <param name="Email">Where to send the invitation; by default the candidate's stored email.</param>
/// <param name="SendEmail">Queue the invitation email (default true). False: only the link is answered, for the ATS to send itself.</param>
/// <param name="ExpiresInDays">How long the link can be used to answer, 1 to 60 days (default 14).</param>
public sealed record CreateInvitationRequest(string? Language, string? Email, bool? SendEmail = null, int? ExpiresInDays = null);

/// <summary>A new invitation. The link is shown here once (and in the email); only its hash is stored.</summary>
/// <param name="Url">The candidate's personal link, <c>{PublicBaseUrl}/c/{token}</c>. Anyone holding it can answer: send it to the candidate only.</param>
/// <param name="EmailSent">True when the email was queued for sending (it leaves shortly, with retries); false when none was asked for or
/// the service has no SMTP server (<c>Smtp__Host</c> unset). <c>GET /v1/invitations/{id}</c> shows whether it was delivered.</param>
public sealed record CreatedInvitation(Guid Id, Guid CandidateId, string Url, InvitationStatus Status, DateTimeOffset ExpiresAt, bool EmailSent);

/// <summary>An invitation and where it stands. The link itself is never shown again.</summary>
/// <param name="Status">pending, opened (the candidate saw the page), completed (gave a handle or said they have none), declined, expired or cancelled.</param>
/// <param name="Outcome">What the candidate answered, once they did.</param>
/// <param name="AssessmentId">The assessment made from the answer, if any.</param>
/// <param name="WithdrawnAt">When the candidate withdrew the consent they gave through this invitation.</param>
/// <param name="Email">The invitation email's delivery, or null when no email was queued.</param>
/// <param name="Networks">The Bluesky and Mastodon accounts the candidate gave through the page (the X one is the assessment's <c>handle</c>),
/// each signed in (<c>verified</c>) or typed (<c>claimed</c>), including those withdrawn since.</param>
public sealed record InvitationResponse(
    Guid Id,
    Guid CandidateId,
    InvitationStatus Status,
    string Language,
    DateTimeOffset ExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? AnsweredAt,
    InvitationOutcome? Outcome,
    Guid? AssessmentId,
    DateTimeOffset? WithdrawnAt,
    DateTimeOffset? CancelledAt,
    InvitationEmailDelivery? Email,
    IReadOnlyList<InvitationNetworkResponse>? Networks = null);

/// <summary>A Bluesky or Mastodon account given through the candidate page.</summary>
/// <param name="Subject">Who the network said signed in: the DID (Bluesky) or the account URL (Mastodon); null for a typed handle.
/// With <c>verifiedAt</c>, all a sign-in keeps: no token is ever stored.</param>
/// <param name="WithdrawnAt">When the candidate withdrew this network from their answer; nothing is read from it since.</param>
public sealed record InvitationNetworkResponse(
    string Network, string Handle, HandleOwnership Ownership, string? Subject, DateTimeOffset? VerifiedAt, DateTimeOffset AddedAt, DateTimeOffset? WithdrawnAt);

/// <param name="Status">pending (queued or being retried), sent, failed (gave up) or cancelled (the invitation ended first).</param>
public sealed record InvitationEmailDelivery(string Status, int Attempts, DateTimeOffset? SentAt, string? LastError);

/// <summary>Body of the <c>invitation.completed</c> and <c>invitation.declined</c> webhooks.</summary>
public sealed record InvitationEvent(Guid InvitationId, Guid CandidateId, string ExternalId, InvitationOutcome Outcome, Guid? AssessmentId, DateTimeOffset AnsweredAt);

/// <summary>Body of the <c>consent.withdrawn</c> webhook.</summary>
/// <param name="CancelledLookups">Pending X lookups stopped by the withdrawal.</param>
public sealed record ConsentWithdrawnEvent(Guid CandidateId, string ExternalId, Guid? InvitationId, int CancelledLookups, DateTimeOffset WithdrawnAt);

public sealed class CreateInvitationValidator : AbstractValidator<CreateInvitationRequest>
{
    public const int DefaultExpiresInDays = 14;

    public CreateInvitationValidator()
    {
        RuleFor(x => x.Language).Must(language => Texts.TryOf(language) is not null).When(x => x.Language is not null)
            .WithMessage("'language' is 'fr' or 'en' (or left out for the tenant's invitation language).");
        RuleFor(x => x.Email).MaximumLength(254).EmailAddress().WithMessage("'email' is not an email address.");
        RuleFor(x => x.ExpiresInDays).InclusiveBetween(1, 60).WithMessage("'expiresInDays' is from 1 to 60 (default 14).");
    }
}
