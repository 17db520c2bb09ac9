using System.Text.RegularExpressions;
using FluentValidation;

namespace RecruitSignal.Integrations.Greenhouse;

/// <summary>
/// send_test's rules, keyed by Greenhouse's own field names (<c>candidate.greenhouse_profile_url</c>). The characters of
/// every text field are checked before, by the shared rule of the validation filter (Input/TextRule).
/// </summary>
public sealed partial class SendTestValidator : AbstractValidator<SendTestRequest>
{
    public SendTestValidator()
    {
        RuleFor(x => x.PartnerTestId).NotEmpty().WithMessage("'partner_test_id' is required: one of list_tests' ids.")
            .MaximumLength(100).OverridePropertyName("partner_test_id");
        RuleFor(x => x.Candidate).NotNull().WithMessage("'candidate' is required.").OverridePropertyName("candidate");
        When(x => x.Candidate is not null, () =>
        {
            Name(x => x.Candidate!.FirstName, "candidate.first_name");
            Name(x => x.Candidate!.LastName, "candidate.last_name");
            Name(x => x.Candidate!.PreferredName, "candidate.preferred_name");
            RuleFor(x => x.Candidate!.Email).NotEmpty().WithMessage("'email' is required: the invitation is sent there.")
                .MaximumLength(254).EmailAddress().WithMessage("'email' is not an email address.")
                .OverridePropertyName("candidate.email");
            RuleFor(x => x.Candidate!.GreenhouseProfileUrl).NotEmpty().WithMessage("'greenhouse_profile_url' is required.")
                .MaximumLength(2048)
                .Must(url => PersonIdOf(url) is not null)
                .WithMessage("'greenhouse_profile_url' names no Greenhouse person: expected https://app.greenhouse.io/people/{id}?application_id=...")
                .OverridePropertyName("candidate.greenhouse_profile_url");
            RuleFor(x => x.Candidate!.ResumeUrl).MaximumLength(4096).OverridePropertyName("candidate.resume_url");
            RuleFor(x => x.Candidate!.PhoneNumber).MaximumLength(100).OverridePropertyName("candidate.phone_number");
        });
        RuleFor(x => x.CallbackUrl()).NotEmpty().WithMessage("'url' is required: where to PATCH when the candidate has answered.")
            .MaximumLength(2048).OverridePropertyName("url");
    }

    /// <summary>The person id in a Greenhouse profile URL (<c>/people/17681532</c> gives <c>17681532</c>), or null.</summary>
    public static string? PersonIdOf(string? profileUrl) =>
        Uri.TryCreate(profileUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            && PersonPath().Match(uri.AbsolutePath) is { Success: true } match
            ? match.Groups[1].Value.TrimStart('0') is { Length: > 0 } id ? id : null
            : null;

    private void Name(System.Linq.Expressions.Expression<Func<SendTestRequest, string?>> field, string path) =>
        RuleFor(field).MaximumLength(200).OverridePropertyName(path);

    [GeneratedRegex(@"^/people/([0-9]{1,18})(?:/|$)")]
    private static partial Regex PersonPath();
}

public sealed class ResponseErrorValidator : AbstractValidator<ResponseErrorRequest>
{
    public const int MaxErrors = 100;

    public ResponseErrorValidator()
    {
        RuleFor(x => x.ApiCall).NotEmpty().WithMessage("'api_call' is required.").MaximumLength(100)
            .OverridePropertyName("api_call");
        RuleFor(x => x.Errors).NotNull().WithMessage("'errors' is required: an array of strings.")
            .Must(errors => errors is null || errors.Count <= MaxErrors).WithMessage($"At most {MaxErrors} errors.")
            .OverridePropertyName("errors");
        RuleForEach(x => x.Errors).NotNull().WithMessage("Each error is a string.").MaximumLength(2000)
            .OverridePropertyName("errors");
        RuleFor(x => x.PartnerTestId).MaximumLength(200).OverridePropertyName("partner_test_id");
        RuleFor(x => x.PartnerTestName).MaximumLength(500).OverridePropertyName("partner_test_name");
        RuleFor(x => x.PartnerInterviewId).MaximumLength(200).OverridePropertyName("partner_interview_id");
        RuleFor(x => x.CandidateEmail).MaximumLength(320).OverridePropertyName("candidate_email");
    }
}
