namespace RecruitSignal.Integrations.Workable;

/// <summary>The Workable assessment-provider adapter (environment: <c>Workable__...</c>): an order's <c>callback_url</c>, where the result is PUT, must name one of <c>Workable__CallbackHosts</c>.</summary>
public sealed class WorkableOptions() : CallbackHostOptions(Section, "www.workable.com,workable.com")
{
    public const string Section = "Workable";
}
