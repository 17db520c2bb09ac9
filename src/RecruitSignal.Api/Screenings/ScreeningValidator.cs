using FluentValidation;
using RecruitSignal.Consent;
using RecruitSignal.Infrastructure;
using RecruitSignal.Policies;
using RecruitSignal.Presence;
using RecruitSignal.Scoring;

namespace RecruitSignal.Screenings;

public sealed class ScreeningValidator : AbstractValidator<ScreeningRequest>
{
    public ScreeningValidator(TimeProvider clock)
    {
        RuleFor(x => x.Candidate).NotNull().WithMessage("'candidate' is required.")
            .SetValidator(new CandidateValidator()!);
        RuleFor(x => x.Job).SetValidator(new JobValidator()!);
        RuleFor(x => x.Evidence).SetValidator(new EvidenceValidator(clock)!);
        RuleFor(x => x.PolicyVersion).MaximumLength(PolicyValidator.MaxVersionLength);
        RuleFor(x => x.Candidate!.Consent).SetValidator(new ConsentValidator(clock)!).When(x => x.Candidate is not null);

        RuleFor(x => x.Candidate!.XHandleText())
            .NotEmpty()
            .When(x => x.Candidate is not null && x.Evidence is not null && x.Evidence.NetworkOrX() == Networks.X && x.Evidence.Status != WireName.Of<AccountStatus>(AccountStatus.NotFound))
            .WithMessage("Evidence of an X account needs the account's handle in 'candidate.twitter' (or an X profile in 'candidate.links').")
            .OverridePropertyName("Candidate.Twitter");
        RuleFor(x => x.Candidate).Must((request, candidate) => candidate!.HandleTexts().Any(h => h.Network == request.Evidence!.NetworkOrX()))
            .When(x => x.Candidate is not null && x.Evidence is { Network: Networks.Bluesky or Networks.Mastodon }
                && x.Evidence.Status != WireName.Of<AccountStatus>(AccountStatus.NotFound))
            .WithMessage(x => $"Evidence of a {x.Evidence!.Network} account needs the account's handle in 'candidate.{x.Evidence.Network}' (or a profile in 'candidate.links').")
            .OverridePropertyName("Candidate");
    }
}

public sealed class CandidateValidator : AbstractValidator<CandidateProfile>
{
    public const int MaxLinks = 20;

    public CandidateValidator()
    {
        RuleFor(x => x.ExternalId).NotEmpty().WithMessage("'externalId' is required.").MaximumLength(255);
        RuleFor(x => x.FullName).MaximumLength(200);
        RuleFor(x => x.Email).MaximumLength(254).EmailAddress();
        RuleFor(x => x.Headline).MaximumLength(300);
        RuleFor(x => x.Twitter).Custom((text, context) => CheckHandle(Networks.X, text, context));
        RuleFor(x => x.Bluesky).MaximumLength(2048).Custom((text, context) => CheckHandle(Networks.Bluesky, text, context));
        RuleFor(x => x.Mastodon).MaximumLength(2048).Custom((text, context) => CheckHandle(Networks.Mastodon, text, context));
        RuleFor(x => x.Links).Must(links => links is null || links.Count <= MaxLinks).WithMessage($"At most {MaxLinks} links.");
        RuleForEach(x => x.Links).NotEmpty().MaximumLength(2048).Custom((link, context) =>
        {
            if (Networks.OfLink(link) is { } network && !Networks.TryParse(network, link, out _, out var error))
            {
                context.AddFailure($"This {LinkNames[network]} link is not a profile: {error}");
            }
        });
    }

    private static readonly Dictionary<string, string> LinkNames = new() { [Networks.X] = "X", [Networks.Bluesky] = "Bluesky", [Networks.Mastodon] = "Mastodon" };

    private static void CheckHandle(string network, string? text, ValidationContext<CandidateProfile> context)
    {
        if (text is not null && !Networks.TryParse(network, text, out _, out var error))
        {
            context.AddFailure(error);
        }
    }
}

public sealed class JobValidator : AbstractValidator<JobProfile>
{
    public const int MaxKeywords = 50;

    public JobValidator()
    {
        RuleFor(x => x.ExternalId).MaximumLength(255);
        RuleFor(x => x.Title).MaximumLength(200);
        RuleFor(x => x.Keywords).Must(k => k is null || k.Count <= MaxKeywords).WithMessage($"At most {MaxKeywords} keywords.");
        RuleForEach(x => x.Keywords).NotEmpty().MaximumLength(100);
    }
}

public sealed class EvidenceValidator : AbstractValidator<DeclaredEvidence>
{
    public const int MaxCount = 1_000_000;
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>X opened to the public on this day; no activity can be older.</summary>
    public static readonly DateTimeOffset Earliest = new(2006, 3, 21, 0, 0, 0, TimeSpan.Zero);

    public EvidenceValidator(TimeProvider clock)
    {
        RuleFor(x => x.Source).Must(s => s is null or "declared")
            .WithMessage("Only 'declared' evidence can be sent; 'x_api' evidence is fetched by the service.");
        RuleFor(x => x.Status).NotEmpty()
            .Must(s => WireName.TryParse<AccountStatus>(s, out _))
            .WithMessage($"'status' must be one of: {string.Join(", ", WireName.All<AccountStatus>())}.");
        RuleFor(x => x.ObservedAt)
            .Must(at => at is null || at <= clock.GetUtcNow() + ClockSkew).WithMessage("'observedAt' is in the future.")
            .Must(at => at is null || at >= Earliest).WithMessage("'observedAt' is before X existed (2006-03-21).");
        RuleFor(x => x.WindowDays).InclusiveBetween(7, 365);

        var countRule = $"Counts are whole numbers from 0 to {MaxCount:N0}.";
        RuleFor(x => x.OriginalPosts).InclusiveBetween(0, MaxCount).WithMessage(countRule);
        RuleFor(x => x.Replies).InclusiveBetween(0, MaxCount).WithMessage(countRule);
        RuleFor(x => x.Reposts).InclusiveBetween(0, MaxCount).WithMessage(countRule);
        RuleFor(x => x.RelevantOriginalPosts).InclusiveBetween(0, MaxCount).WithMessage(countRule);
        // A rule of its own: a When() on the chain above would also switch off its range check.
        RuleFor(x => x.RelevantOriginalPosts).LessThanOrEqualTo(x => x.OriginalPosts ?? 0).When(x => x.OriginalPosts is not null)
            .WithMessage("'relevantOriginalPosts' cannot exceed 'originalPosts'.");
        RuleFor(x => x.Followers).InclusiveBetween(0, MaxCount).WithMessage(countRule);

        When(x => x.Status == WireName.Of<AccountStatus>(AccountStatus.Found), () =>
        {
            RuleFor(x => x.OriginalPosts).NotNull().WithMessage("'originalPosts' is required when the account is found.");
            RuleFor(x => x.Replies).NotNull().WithMessage("'replies' is required when the account is found.");
            RuleFor(x => x.Reposts).NotNull().WithMessage("'reposts' is required when the account is found.");
        });

        RuleFor(x => x.LastAuthoredPostAt).Must((e, at) => NotAfterObservation(e, at, clock)).WithMessage("'lastAuthoredPostAt' is after 'observedAt'.")
            .Must(at => at is null || at >= Earliest).WithMessage("'lastAuthoredPostAt' is before X existed (2006-03-21).");
        RuleFor(x => x.AccountCreatedAt).Must((e, at) => NotAfterObservation(e, at, clock)).WithMessage("'accountCreatedAt' is after 'observedAt'.")
            .Must(at => at is null || at >= Earliest).WithMessage("'accountCreatedAt' is before X existed (2006-03-21).");
        RuleFor(x => x.Bio).MaximumLength(1000);
        RuleFor(x => x.Network).Must(n => n is null || Networks.IsKnown(n))
            .WithMessage($"'network' must be one of: {string.Join(", ", Networks.All)}.");
    }

    // Compared through their difference, never by adding the skew to a date the client sent: an observation
    // in year 9999 plus 5 minutes is past DateTimeOffset.MaxValue and would throw instead of answering 400.
    private static bool NotAfterObservation(DeclaredEvidence evidence, DateTimeOffset? at, TimeProvider clock) =>
        at is not { } date || date - (evidence.ObservedAt ?? clock.GetUtcNow()) <= ClockSkew;
}
