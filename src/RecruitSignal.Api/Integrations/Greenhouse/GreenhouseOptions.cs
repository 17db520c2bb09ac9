namespace RecruitSignal.Integrations.Greenhouse;

/// <summary>The Greenhouse Assessment Partner adapter (environment: <c>Greenhouse__...</c>): a send_test's <c>url</c>, where the PATCH goes, must name one of <c>Greenhouse__CallbackHosts</c>.</summary>
public sealed class GreenhouseOptions() : CallbackHostOptions(Section, "app.greenhouse.io,app.eu.greenhouse.io")
{
    public const string Section = "Greenhouse";
}
