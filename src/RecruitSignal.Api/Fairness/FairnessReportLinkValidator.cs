using FluentValidation;

namespace RecruitSignal.Fairness;

/// <summary>The body's fields are checked by <see cref="FairnessQuery.Parse"/>, as the figures' query parameters are.</summary>
public sealed class FairnessReportLinkRequestValidator : AbstractValidator<FairnessReportLinkRequest>;
