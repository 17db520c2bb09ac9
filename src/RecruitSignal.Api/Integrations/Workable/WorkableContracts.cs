using System.Text.Json.Serialization;
using FluentValidation;
using RecruitSignal.Integrations.Greenhouse;

namespace RecruitSignal.Integrations.Workable;

// Workable's own contract (https://workable.readme.io/page/assessment-providers): snake_case, and properties Workable
// may add are skipped rather than refused. Malformed JSON and wrong types are still refused with a problem naming the field.

/// <summary>A test of this account: one per scoring policy the tenant can use.</summary>
/// <param name="Id">The policy version, e.g. <c>default@1</c>.</param>
public sealed record WorkableTest([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("name")] string Name);

public sealed record WorkableTestList([property: JsonPropertyName("tests")] IReadOnlyList<WorkableTest> Tests);

/// <summary>Workable orders an assessment of a candidate for a job.</summary>
/// <param name="TestId">An <c>id</c> from the list of tests: the scoring policy to use.</param>
/// <param name="CallbackUrl">Where the result is PUT; its host must be one of <c>Workable__CallbackHosts</c>. The same
/// callback_url again is the same assessment.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record WorkableOrder(
    [property: JsonPropertyName("test_id"), JsonConverter(typeof(StringOrNumber))] string? TestId,
    [property: JsonPropertyName("candidate")] WorkableCandidate? Candidate,
    [property: JsonPropertyName("job")] WorkableJob? Job,
    [property: JsonPropertyName("callback_url")] string? CallbackUrl);

/// <param name="Id">Workable's id of the candidate: the candidate's external id here is <c>workable:{id}</c>.</param>
/// <param name="Email">Where the invitation is sent.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record WorkableCandidate(
    [property: JsonPropertyName("id"), JsonConverter(typeof(StringOrNumber))] string? Id,
    [property: JsonPropertyName("first_name")] string? FirstName,
    [property: JsonPropertyName("last_name")] string? LastName,
    [property: JsonPropertyName("email")] string? Email)
{
    public string? FullName() => string.Join(' ', new[] { FirstName, LastName }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim())) is { Length: > 0 } name ? name : null;
}

/// <summary>Accepted and not stored: the job's title and shortcode.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record WorkableJob([property: JsonPropertyName("title")] string? Title, [property: JsonPropertyName("shortcode")] string? Shortcode);

/// <param name="AssessmentId">Identifies this assessment here; <c>DELETE {base}/assessments/{assessment_id}</c> withdraws it.</param>
public sealed record WorkableOrderAnswer([property: JsonPropertyName("assessment_id")] string AssessmentId);

/// <summary>What is PUT to the order's callback_url once the candidate answered and the result is final.</summary>
/// <param name="Status"><c>completed</c>.</param>
/// <param name="ResultsUrl">The recruiter's report page.</param>
public sealed record WorkableResult(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("results_url")] string? ResultsUrl,
    [property: JsonPropertyName("assessment")] WorkableScore Assessment);

/// <param name="Score">0 to 100; null when there is none (the candidate refused, or the account could not be read).</param>
/// <param name="Summary">One line a recruiter reads: the tier, the headline, the band, and that it is a signal, not a decision.</param>
public sealed record WorkableScore([property: JsonPropertyName("score")] int? Score, [property: JsonPropertyName("summary")] string Summary);

/// <param name="Token">The token Workable issued for this provider when the integration was created; sent back as Bearer with each result.</param>
public sealed record WorkableConnection(string? Token);

public sealed class WorkableConnectionValidator : AbstractValidator<WorkableConnection>
{
    public WorkableConnectionValidator() =>
        RuleFor(x => x.Token).NotEmpty().WithMessage("'token' is required: the token Workable gave for RecruitSignal.").MaximumLength(2000);
}

public sealed class WorkableOrderValidator : AbstractValidator<WorkableOrder>
{
    public WorkableOrderValidator()
    {
        RuleFor(x => x.TestId).NotEmpty().WithMessage("'test_id' is required: one of the tests' ids.").MaximumLength(100).OverridePropertyName("test_id");
        RuleFor(x => x.CallbackUrl).NotEmpty().WithMessage("'callback_url' is required: where the result is PUT.").MaximumLength(2048).OverridePropertyName("callback_url");
        RuleFor(x => x.Candidate).NotNull().WithMessage("'candidate' is required.").OverridePropertyName("candidate");
        When(x => x.Candidate is not null, () =>
        {
            RuleFor(x => x.Candidate!.Id).NotEmpty().WithMessage("'candidate.id' is required: Workable's id of the candidate.").MaximumLength(100)
                .OverridePropertyName("candidate.id");
            RuleFor(x => x.Candidate!.Email).NotEmpty().WithMessage("'email' is required: the invitation is sent there.")
                .MaximumLength(254).EmailAddress().WithMessage("'email' is not an email address.").OverridePropertyName("candidate.email");
            RuleFor(x => x.Candidate!.FirstName).MaximumLength(200).OverridePropertyName("candidate.first_name");
            RuleFor(x => x.Candidate!.LastName).MaximumLength(200).OverridePropertyName("candidate.last_name");
        });
        When(x => x.Job is not null, () =>
        {
            RuleFor(x => x.Job!.Title).MaximumLength(200).OverridePropertyName("job.title");
            RuleFor(x => x.Job!.Shortcode).MaximumLength(100).OverridePropertyName("job.shortcode");
        });
    }
}
