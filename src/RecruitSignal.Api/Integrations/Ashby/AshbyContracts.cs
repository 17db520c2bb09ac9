using System.Text.Json.Serialization;
using FluentValidation;
using RecruitSignal.Integrations.Greenhouse;

namespace RecruitSignal.Integrations.Ashby;

// Ashby's assessments-partner contract (https://developers.ashbyhq.com/docs/creating-an-assessments-integration):
// snake_case, POST everywhere, and properties Ashby may add are skipped rather than refused.

/// <param name="AssessmentTypeId">The policy version, e.g. <c>default@1</c>.</param>
public sealed record AshbyAssessmentType(
    [property: JsonPropertyName("assessment_type_id")] string AssessmentTypeId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description);

public sealed record AshbyAssessmentList([property: JsonPropertyName("success")] bool Success, [property: JsonPropertyName("results")] IReadOnlyList<AshbyAssessmentType> Results);

/// <summary>Ashby starts an assessment of a candidate.</summary>
/// <param name="AssessmentTypeId">An <c>assessment_type_id</c> from assessment.list: the scoring policy to use.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record AshbyStart(
    [property: JsonPropertyName("assessment_type_id")] string? AssessmentTypeId,
    [property: JsonPropertyName("candidate")] AshbyCandidate? Candidate,
    [property: JsonPropertyName("application")] AshbyReference? Application);

/// <param name="AshbyId">Ashby's id of the candidate: the external id here is <c>ashby:{ashby_id}</c>.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record AshbyCandidate(
    [property: JsonPropertyName("ashby_id")] string? AshbyId,
    [property: JsonPropertyName("first_name")] string? FirstName,
    [property: JsonPropertyName("last_name")] string? LastName,
    [property: JsonPropertyName("email")] string? Email)
{
    public string? FullName() => string.Join(' ', new[] { FirstName, LastName }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim())) is { Length: > 0 } name ? name : null;
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record AshbyReference([property: JsonPropertyName("ashby_id"), JsonConverter(typeof(StringOrNumber))] string? AshbyId);

/// <param name="AssessmentId">Identifies the assessment here; assessment.update and assessment.cancel name it.</param>
public sealed record AshbyStarted([property: JsonPropertyName("assessment_id")] string AssessmentId);

public sealed record AshbyStartAnswer([property: JsonPropertyName("success")] bool Success, [property: JsonPropertyName("results")] AshbyStarted Results);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record AshbyCancel([property: JsonPropertyName("assessment_id")] string? AssessmentId);

public sealed record AshbyAnswer([property: JsonPropertyName("success")] bool Success);

/// <summary>One datum of assessment.update, as Ashby's schema wants every one.</summary>
/// <param name="Type">How Ashby shows it, one of its schema's types: <c>string</c>, <c>numeric_score</c>, <c>url</c> (also <c>numeric_duration_minutes</c>, <c>boolean_success</c>).</param>
public sealed record AshbyDatum(
    [property: JsonPropertyName("identifier")] string Identifier,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] object? Value);

/// <param name="ApiKey">The tenant's Ashby API key (with the candidatesWrite permission), sent as the Basic username to assessment.update.</param>
public sealed record AshbyConnection(string? ApiKey);

public sealed class AshbyConnectionValidator : AbstractValidator<AshbyConnection>
{
    public AshbyConnectionValidator() =>
        RuleFor(x => x.ApiKey).NotEmpty().WithMessage("'apiKey' is required: an Ashby API key with the candidatesWrite permission.").MaximumLength(2000);
}

public sealed class AshbyStartValidator : AbstractValidator<AshbyStart>
{
    public AshbyStartValidator()
    {
        RuleFor(x => x.AssessmentTypeId).NotEmpty().WithMessage("'assessment_type_id' is required: one of assessment.list's.").MaximumLength(100)
            .OverridePropertyName("assessment_type_id");
        RuleFor(x => x.Candidate).NotNull().WithMessage("'candidate' is required.").OverridePropertyName("candidate");
        When(x => x.Candidate is not null, () =>
        {
            RuleFor(x => x.Candidate!.AshbyId).NotEmpty().WithMessage("'candidate.ashby_id' is required.").MaximumLength(100).OverridePropertyName("candidate.ashby_id");
            RuleFor(x => x.Candidate!.Email).NotEmpty().WithMessage("'email' is required: the invitation is sent there.")
                .MaximumLength(254).EmailAddress().WithMessage("'email' is not an email address.").OverridePropertyName("candidate.email");
            RuleFor(x => x.Candidate!.FirstName).MaximumLength(200).OverridePropertyName("candidate.first_name");
            RuleFor(x => x.Candidate!.LastName).MaximumLength(200).OverridePropertyName("candidate.last_name");
        });
        RuleFor(x => x.Application!.AshbyId).MaximumLength(100).When(x => x.Application is not null).OverridePropertyName("application.ashby_id");
    }
}

public sealed class AshbyCancelValidator : AbstractValidator<AshbyCancel>
{
    public AshbyCancelValidator() =>
        RuleFor(x => x.AssessmentId).NotEmpty().WithMessage("'assessment_id' is required: the id assessment.start answered.").MaximumLength(100)
            .OverridePropertyName("assessment_id");
}
