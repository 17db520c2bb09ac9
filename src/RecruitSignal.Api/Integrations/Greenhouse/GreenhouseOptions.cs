using System.ComponentModel.DataAnnotations;

namespace RecruitSignal.Integrations.Greenhouse;

/// <summary>The Greenhouse Assessment Partner adapter (environment: <c>Greenhouse__...</c>; the common settings are <see cref="AtsOptions"/>'s).</summary>
public sealed class GreenhouseOptions : AtsOptions
{
    public const string Section = "Greenhouse";

    /// <summary>
    /// The hosts a send_test <c>url</c> (where the PATCH goes) may name, comma-separated (environment:
    /// <c>Greenhouse__CallbackHosts</c>). Any other host is refused at send_test, before anything is written.
    /// </summary>
    public string CallbackHosts { get; set; } = "app.greenhouse.io,app.eu.greenhouse.io";

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
            yield return new ValidationResult("Greenhouse__CallbackHosts is a comma-separated list of host names, for example 'app.greenhouse.io,app.eu.greenhouse.io'.");
        }
    }
}
