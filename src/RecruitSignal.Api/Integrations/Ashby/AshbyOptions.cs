using System.ComponentModel.DataAnnotations;

namespace RecruitSignal.Integrations.Ashby;

/// <summary>The Ashby assessments-partner adapter (environment: <c>Ashby__...</c>; the common settings are <see cref="AtsOptions"/>'s).</summary>
public sealed class AshbyOptions : AtsOptions
{
    public const string Section = "Ashby";

    /// <summary>
    /// Ashby's API (environment: <c>Ashby__ApiUrl</c>): results are sent to <c>{ApiUrl}/assessment.update</c>, and its host
    /// is the only one the adapter calls.
    /// </summary>
    public string ApiUrl { get; set; } = "https://api.ashbyhq.com";

    protected override string EnvironmentPrefix => Section;

    public string UpdateUrl => ApiUrl.TrimEnd('/') + "/assessment.update";

    public IReadOnlyList<string> AllowedHosts => Uri.TryCreate(ApiUrl, UriKind.Absolute, out var uri) ? [uri.IdnHost.ToLowerInvariant()] : [];

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!Uri.TryCreate(ApiUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(AllowPrivateTargets && uri.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult("Ashby__ApiUrl is Ashby's API as an absolute https URL, for example 'https://api.ashbyhq.com'.");
        }
    }
}
