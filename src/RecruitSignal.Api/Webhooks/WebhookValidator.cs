using FluentValidation;
using Microsoft.Extensions.Options;
using RecruitSignal.Outbound;

namespace RecruitSignal.Webhooks;

public sealed class CreateWebhookValidator : AbstractValidator<CreateWebhookRequest>
{
    public CreateWebhookValidator(IOptions<WebhookOptions> options, TargetGuard guard)
    {
        RuleFor(x => x.Url).NotEmpty().WithMessage("'url' is required.").MaximumLength(2048)
            .CustomAsync(async (url, context, ct) =>
            {
                if (!string.IsNullOrEmpty(url) && await guard.CheckUrlAsync(url, options.Value.AllowPrivateTargets, ct) is { } error)
                {
                    context.AddFailure(error);
                }
            });
        RuleFor(x => x.Events).NotEmpty().WithMessage("'events' lists at least one event type.");
        RuleForEach(x => x.Events).Must(e => WebhookEvents.Subscribable.Contains(e))
            .WithMessage($"Unknown event type; one of: {string.Join(", ", WebhookEvents.Subscribable)}.");
    }
}
