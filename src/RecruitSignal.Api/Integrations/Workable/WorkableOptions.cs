using System.ComponentModel.DataAnnotations;

namespace RecruitSignal.Integrations.Workable;

/// <summary>The Workable assessment-provider adapter (environment: <c>Workable__...</c>; the common settings are <see cref="AtsOptions"/>'s).</summary>
public sealed class WorkableOptions : AtsOptions
{
    public const string Section = "Workable";

    /// <summary>
    /// The hosts an order's <c>callback_url</c> (where the result is PUT) may name, comma-separated (environment:
    /// <c>Workable__CallbackHosts</c>). Any other host is refused when the order arrives, before anything is written.
    /// </summary>
    public string CallbackHosts { get; set; } = "www.workable.com,workable.com";

    protected override string EnvironmentPrefix => Section;

    public IReadOnlyList<string> AllowedHosts => HostsOf(CallbackHosts);

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!AreHostNames(AllowedHosts))
        {
            yield return new ValidationResult("Workable__CallbackHosts is a comma-separated list of host names, for example 'www.workable.com'.");
        }
    }
}
