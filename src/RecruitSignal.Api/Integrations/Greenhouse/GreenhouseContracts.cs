using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecruitSignal.Integrations.Greenhouse;

// Greenhouse's own contract: snake_case names, and properties it may add at any time are skipped rather than refused
// (the service's other bodies refuse unknown members). Malformed JSON and wrong types are still refused with a
// problem naming the field.

/// <summary>A test the tenant offers: one per scoring policy it can use.</summary>
/// <param name="PartnerTestId">The policy version, e.g. <c>default@1</c>.</param>
/// <param name="PartnerTestName">What the test measures, shown in Greenhouse's stage settings.</param>
public sealed record PartnerTest(
    [property: JsonPropertyName("partner_test_id")] string PartnerTestId,
    [property: JsonPropertyName("partner_test_name")] string PartnerTestName);

/// <summary>Greenhouse asks for a test to be sent to a candidate. <c>sent_by</c> and any other property are accepted and ignored.</summary>
/// <param name="PartnerTestId">A <c>partner_test_id</c> from list_tests: the scoring policy to use.</param>
/// <param name="Url">Where the PATCH goes when the candidate has answered; its host must be one of <c>Greenhouse__CallbackHosts</c>.
/// Older Greenhouse examples put it in <c>candidate.url</c>, which is read when this is absent.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record SendTestRequest(
    [property: JsonPropertyName("partner_test_id")] string? PartnerTestId,
    [property: JsonPropertyName("candidate")] GreenhouseCandidate? Candidate,
    [property: JsonPropertyName("url")] string? Url)
{
    public string? CallbackUrl() => Url ?? Candidate?.Url;
}

/// <param name="PreferredName">Used instead of <c>first_name</c> when given.</param>
/// <param name="ResumeUrl">Accepted and ignored: nothing of the résumé is fetched or stored.</param>
/// <param name="PhoneNumber">Accepted and ignored: not stored.</param>
/// <param name="Email">Where the invitation is sent.</param>
/// <param name="GreenhouseProfileUrl">The candidate's Greenhouse page, <c>https://app.greenhouse.io/people/{id}?application_id=...</c>;
/// the person id makes the candidate's external id, <c>greenhouse:{id}</c>.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record GreenhouseCandidate(
    [property: JsonPropertyName("first_name")] string? FirstName,
    [property: JsonPropertyName("last_name")] string? LastName,
    [property: JsonPropertyName("preferred_name")] string? PreferredName,
    [property: JsonPropertyName("resume_url")] string? ResumeUrl,
    [property: JsonPropertyName("phone_number")] string? PhoneNumber,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("greenhouse_profile_url")] string? GreenhouseProfileUrl,
    [property: JsonPropertyName("url")] string? Url = null)
{
    /// <summary>The name the invitation greets: the preferred (or first) name, then the last name.</summary>
    public string? FullName() =>
        string.Join(' ', new[] { string.IsNullOrWhiteSpace(PreferredName) ? FirstName : PreferredName, LastName }
            .Where(part => !string.IsNullOrWhiteSpace(part)).Select(part => part!.Trim())) is { Length: > 0 } name ? name : null;
}

/// <param name="PartnerInterviewId">Identifies this test sent to this candidate; the same <c>url</c> sent again answers the same id.</param>
public sealed record SendTestResponse([property: JsonPropertyName("partner_interview_id")] string PartnerInterviewId);

/// <summary>Where one test stands, as Greenhouse reads it.</summary>
/// <param name="PartnerStatus"><c>complete</c> once the candidate answered and the result is final; before that <c>sent</c>,
/// <c>in_progress</c> (opened, or answered while X is read), <c>expired</c> or <c>cancelled</c>.</param>
/// <param name="PartnerProfileUrl">The recruiter's report page; only when complete.</param>
/// <param name="PartnerScore">0 to 100; absent when there is no score (the candidate refused, or the account could not be read).</param>
/// <param name="Metadata">Flat: strings only, shown by Greenhouse beside the score; only when complete.</param>
public sealed record TestStatusResponse(
    [property: JsonPropertyName("partner_status")] string PartnerStatus,
    [property: JsonPropertyName("partner_profile_url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PartnerProfileUrl = null,
    [property: JsonPropertyName("partner_score"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PartnerScore = null,
    [property: JsonPropertyName("metadata"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>Greenhouse reports an answer of ours it could not use. Only <c>api_call</c> and <c>errors</c> are always sent.</summary>
/// <param name="PartnerTestId">A string, or a number as in Greenhouse's own example.</param>
/// <param name="PartnerInterviewId">A string, or a number as in Greenhouse's own example.</param>
/// <param name="CandidateEmail">Accepted, never stored nor logged: it is removed from the errors' text too.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record ResponseErrorRequest(
    [property: JsonPropertyName("api_call")] string? ApiCall,
    [property: JsonPropertyName("errors")] IReadOnlyList<string?>? Errors,
    [property: JsonPropertyName("partner_test_id"), JsonConverter(typeof(StringOrNumber))] string? PartnerTestId,
    [property: JsonPropertyName("partner_test_name")] string? PartnerTestName,
    [property: JsonPropertyName("partner_interview_id"), JsonConverter(typeof(StringOrNumber))] string? PartnerInterviewId,
    [property: JsonPropertyName("candidate_email")] string? CandidateEmail);

/// <summary>What Greenhouse's documentation shows a partner answering to response_error.</summary>
public sealed record ResponseErrorAnswer([property: JsonPropertyName("status")] int Status);

/// <summary>Reads a JSON string, or a number as its literal text (<c>12345</c> becomes <c>"12345"</c>); anything else is refused.</summary>
public sealed class StringOrNumber : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
        _ => throw new JsonException("Expected a string or a number."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
