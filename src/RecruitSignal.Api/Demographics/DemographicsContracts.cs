using FluentValidation;
using RecruitSignal.ApiDocs;

namespace RecruitSignal.Demographics;

/// <summary>
/// The categories a candidate gave by voluntary self-identification. Each is left out (or null) when it was not
/// collected, or <c>declined</c> when the candidate chose not to say. A PUT replaces all three.
/// </summary>
/// <param name="Sex"><c>female</c>, <c>male</c> or <c>declined</c>.</param>
/// <param name="RaceEthnicity">An EEO-1 category, or <c>declined</c>. Collected only where the tenant's jurisdiction profile is <c>us-nyc</c>.</param>
/// <param name="AgeBand"><c>under_40</c> or <c>40_and_over</c>, or a finer band inside one of them (<c>under_25</c>, <c>25_to_39</c>, <c>40_to_49</c>, <c>50_to_59</c>, <c>60_and_over</c>), or <c>declined</c>.</param>
public sealed record DemographicsRequest(
    [property: WireValues("Sex", "female", "male", "declined")] string? Sex,
    [property: WireValues("RaceEthnicity", "hispanic_or_latino", "white", "black_or_african_american", "native_hawaiian_or_other_pacific_islander", "asian", "american_indian_or_alaska_native", "two_or_more_races", "declined")] string? RaceEthnicity,
    [property: WireValues("AgeBand", "under_40", "40_and_over", "under_25", "25_to_39", "40_to_49", "50_to_59", "60_and_over", "declined")] string? AgeBand);

/// <summary>The categories held for a candidate: used only for the tenant's fairness figures, never for scoring.</summary>
public sealed record DemographicsResponse(Guid CandidateId, string? Sex, string? RaceEthnicity, string? AgeBand, DateTimeOffset UpdatedAt);

public sealed class DemographicsRequestValidator : AbstractValidator<DemographicsRequest>
{
    public DemographicsRequestValidator()
    {
        RuleFor(x => x.Sex).Must(DemographicCategories.Sex.Contains).When(x => x.Sex is not null)
            .WithMessage($"'sex' is one of {string.Join(", ", DemographicCategories.Sex)}.");
        RuleFor(x => x.RaceEthnicity).Must(DemographicCategories.RaceEthnicity.Contains).When(x => x.RaceEthnicity is not null)
            .WithMessage($"'raceEthnicity' is one of {string.Join(", ", DemographicCategories.RaceEthnicity)}.");
        RuleFor(x => x.AgeBand).Must(DemographicCategories.AgeBand.Contains).When(x => x.AgeBand is not null)
            .WithMessage($"'ageBand' is one of {string.Join(", ", DemographicCategories.AgeBand)}.");
    }
}
