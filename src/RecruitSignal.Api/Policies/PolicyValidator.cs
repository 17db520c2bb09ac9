using FluentValidation;
using RecruitSignal.Presence;
using RecruitSignal.Scoring;

namespace RecruitSignal.Policies;

public sealed class PolicyValidator : AbstractValidator<PolicyRequest>
{
    public const string NamePattern = "^[a-z0-9][a-z0-9-]{0,39}$";

    /// <summary>The longest version a client may name: a 40-character name, '@' and a revision, with room to spare.</summary>
    public const int MaxVersionLength = 100;

    public PolicyValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("'name' is required.")
            .Matches(NamePattern).WithMessage("'name' is 1 to 40 lower-case letters, digits or '-', starting with a letter or digit.")
            .NotEqual("default").WithMessage("'default' is the name of the built-in policies.");
        RuleFor(x => x.Networks).Must(n => n is null || (n.Count is >= 1 and <= 3 && n.Distinct().Count() == n.Count))
            .WithMessage($"'networks' lists 1 to 3 different networks of: {string.Join(", ", Networks.All)}.");
        RuleForEach(x => x.Networks).Must(Networks.IsKnown)
            .WithMessage($"A network is one of: {string.Join(", ", Networks.All)}.");
        RuleFor(x => x.Weights).NotNull().WithMessage("'weights' is required.").SetValidator(new WeightsValidator()!);
        RuleFor(x => x.Weights!).Must(w => Math.Abs(Sum(w) - 100) < 1e-9).When(x => x.Weights is not null)
            .WithMessage(x => $"The weights sum to {Sum(x.Weights!)}; they must sum to 100.");
        RuleFor(x => x.Tiers).NotNull().WithMessage("'tiers' is required.").ChildRules(tiers =>
        {
            tiers.RuleFor(t => t!.RelayerRepostShare).GreaterThan(0).LessThanOrEqualTo(1);
            tiers.RuleFor(t => t!.MinAuthoredPosts).InclusiveBetween(1, 1000);
            tiers.RuleFor(t => t!.EngagedMinOriginalPosts).InclusiveBetween(1, 1000);
            tiers.RuleFor(t => t!.EngagedMinReplies).InclusiveBetween(1, 1000);
        });
        RuleFor(x => x.Active).NotNull().WithMessage("'active' is required.").ChildRules(active =>
        {
            active.RuleFor(a => a!.MaxDaysSinceAuthoredPost).InclusiveBetween(1, 365);
            active.RuleFor(a => a!.MinRelevantOriginalPosts).InclusiveBetween(1, 1000);
        });
        RuleFor(x => x.Scales).NotNull().WithMessage("'scales' is required.").ChildRules(scales =>
        {
            scales.RuleFor(s => s!.RecencyFullPointsWithinDays).InclusiveBetween(1, 365);
            scales.RuleFor(s => s!.CadenceFullPointsPostsPer30Days).GreaterThan(0).LessThanOrEqualTo(1000);
            scales.RuleFor(s => s!.ConversationFullPointsReplies).InclusiveBetween(1, 1000);
            scales.RuleFor(s => s!.RelevanceBioShare).InclusiveBetween(0, 1);
            scales.RuleFor(s => s!.RelevanceFullPointsPostShare).GreaterThan(0).LessThanOrEqualTo(1);
        });
        RuleFor(x => x.Bands).NotNull().WithMessage("'bands' is required.").ChildRules(bands =>
        {
            bands.RuleFor(b => b!.Weak).InclusiveBetween(1, 100);
            bands.RuleFor(b => b!.Moderate).GreaterThan(b => b!.Weak).WithMessage("'moderate' must be above 'weak'.");
            bands.RuleFor(b => b!.Strong).GreaterThan(b => b!.Moderate).WithMessage("'strong' must be above 'moderate'.")
                .LessThanOrEqualTo(100);
        });
    }

    private sealed class WeightsValidator : AbstractValidator<FactorWeights>
    {
        public WeightsValidator()
        {
            RuleFor(w => w.Presence).InclusiveBetween(0, 100);
            RuleFor(w => w.Recency).InclusiveBetween(0, 100);
            RuleFor(w => w.Cadence).InclusiveBetween(0, 100);
            RuleFor(w => w.Conversation).InclusiveBetween(0, 100);
            RuleFor(w => w.Authorship).InclusiveBetween(0, 100);
            RuleFor(w => w.Relevance).InclusiveBetween(0, 100);
            RuleFor(w => w.Followers).Equal(0).WithMessage("Followers are recorded, never scored: their weight is 0.");
        }
    }

    private static double Sum(FactorWeights w) =>
        w.Presence + w.Recency + w.Cadence + w.Conversation + w.Authorship + w.Relevance + w.Followers;
}
