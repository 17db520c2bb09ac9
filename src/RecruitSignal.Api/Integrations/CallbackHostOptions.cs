using System.ComponentModel.DataAnnotations;

namespace RecruitSignal.Integrations;

/// <summary>
/// The settings of an adapter whose orders name where their result goes (Greenhouse's <c>url</c>, Workable's
/// <c>callback_url</c>): besides <see cref="AtsOptions"/>'s, the hosts that may be called back.
/// </summary>
/// <param name="section">The configuration section, also the prefix of every setting's environment variable.</param>
/// <param name="defaultHosts">The ATS's own hosts.</param>
public abstract class CallbackHostOptions(string section, string defaultHosts) : AtsOptions
{
    /// <summary>
    /// The hosts an order's callback URL may name, comma-separated (environment: <c>{section}__CallbackHosts</c>). Any other
    /// host is refused when the order arrives, before anything is written.
    /// </summary>
    public string CallbackHosts { get; set; } = defaultHosts;

    private readonly string _example = defaultHosts;

    protected override string EnvironmentPrefix => section;

    public IReadOnlyList<string> AllowedHosts => HostsOf(CallbackHosts);

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!AreHostNames(AllowedHosts))
        {
            yield return new ValidationResult($"{section}__CallbackHosts is a comma-separated list of host names, for example '{_example}'.");
        }
    }
}
