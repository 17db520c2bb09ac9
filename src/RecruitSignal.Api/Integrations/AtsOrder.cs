namespace RecruitSignal.Integrations;

/// <summary>The ATSs the service speaks to, as stored in <c>ats_orders.ats</c>.</summary>
public static class Ats
{
    public const string Greenhouse = "greenhouse";
    public const string Workable = "workable";
    public const string Ashby = "ashby";

    /// <summary>The Data Protection purpose of the credential results are sent with (Greenhouse's is the one it always had).</summary>
    public static string CredentialProtection(string ats) => $"RecruitSignal.{char.ToUpperInvariant(ats[0])}{ats[1..]}.Credential.v1";
}

/// <summary>One assessment an ATS ordered for one candidate, mapped onto the core by its adapter.</summary>
/// <param name="Ats">One of <see cref="Ats"/>.</param>
/// <param name="OrderKey">What makes the same order sent again the same order (its callback URL, or the candidate and test).</param>
/// <param name="CallbackUrl">Where the result goes, already checked by <see cref="CallbackTarget"/>.</param>
/// <param name="PolicyVersion">The test the ATS chose: a scoring policy version.</param>
/// <param name="ExternalId">The candidate's id here, <c>{ats}:{the ATS's id}</c>.</param>
/// <param name="Credential">What the result is sent with, when the order brings it (Greenhouse's Basic key); null takes the one
/// the tenant gave for this ATS.</param>
public sealed record AtsOrder(
    string Ats, string OrderKey, string CallbackUrl, string PolicyVersion, string ExternalId, string? Name, string Email, string? Credential);

public enum AtsOrderOutcome { Placed, Replayed, UnknownTest, EmailOff, NotConnected }

/// <summary>Where an order stands, from its invitation and the assessment the candidate's answer made.</summary>
public enum AtsOrderStatus { Sent, InProgress, Complete, Expired, Cancelled, Failed }
