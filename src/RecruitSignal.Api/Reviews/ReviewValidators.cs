using FluentValidation;
using RecruitSignal.Scoring;

namespace RecruitSignal.Reviews;

public sealed class ReviewRequestValidator : AbstractValidator<ReviewRequest>
{
    public const int MaxNote = 2000;

    public ReviewRequestValidator()
    {
        RuleFor(x => x.Reviewer).NotEmpty().WithMessage("'reviewer' is required.").MaximumLength(200);
        RuleFor(x => x.Decision).NotNull().WithMessage("'decision' is required: confirmed or overridden.");
        RuleFor(x => x.Note).MaximumLength(MaxNote);
        RuleFor(x => x.OverrideBand).NotNull().When(x => x.Decision == ReviewDecision.Overridden)
            .WithMessage("An override needs the band the reviewer chose in 'overrideBand'.");
        RuleFor(x => x.OverrideBand).Null().When(x => x.Decision == ReviewDecision.Confirmed)
            .WithMessage("'overrideBand' is only for an override.");
        RuleFor(x => x.OverrideBand).NotEqual(Band.Unknown)
            .WithMessage("'overrideBand' is one of none, weak, moderate or strong.");
    }
}

public sealed class ContestRequestValidator : AbstractValidator<ContestRequest>
{
    public ContestRequestValidator()
    {
        RuleFor(x => x.Objection).NotEmpty().WithMessage("'objection' is required.").MaximumLength(ReviewRequestValidator.MaxNote);
    }
}
