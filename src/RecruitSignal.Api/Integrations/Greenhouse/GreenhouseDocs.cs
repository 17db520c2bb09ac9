using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RecruitSignal.ApiDocs;

namespace RecruitSignal.Integrations.Greenhouse;

/// <summary>A Greenhouse web hook as delivered: its <c>action</c> and a <c>payload</c> whose shape depends on it.</summary>
/// <param name="Action">The event, e.g. <c>delete_candidate</c> (acted on) or <c>ping</c>.</param>
/// <param name="Payload">For <c>delete_candidate</c>: <c>{"person": {"id": 37031511, ...}}</c>; other properties are ignored.</param>
public sealed record GreenhouseWebhookEvent(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("payload")] JsonElement Payload);

/// <summary>How the Greenhouse operations read in the OpenAPI document: HTTP Basic, their descriptions and examples.</summary>
internal static class GreenhouseDocs
{
    public const string SecuritySchemeName = "GreenhouseBasic";
    private const string PartnerPath = "integrations/greenhouse/";

    public const string SendTest = """
        Upserts the candidate as `greenhouse:{person id}` (from `greenhouse_profile_url`; name and email only: `resume_url`
        and `phone_number` are not stored), invites them by email in the tenant's invitation language
        (`PUT /v1/settings/invitations`) to the candidate page, where they sign in with X, type their username, say they
        have none, or refuse; their answer is scored with the test's policy. Answers `partner_interview_id`.

        The same `url` sent again is the same interview: the same id is answered and no second email goes out. When the
        candidate has answered and the result is final, the service sends `PATCH {url}` with no body and the Basic
        credential used here (kept encrypted until then), with retries. `url` must be https on a host of
        `Greenhouse__CallbackHosts` and pass the SSRF guard. Unknown properties are ignored; any refusal writes nothing.
        """;

    public const string TestStatus = """
        `partner_status` is `complete` once the candidate answered and the result is final (after the X lookup), with
        `partner_profile_url` (the recruiter's report page, a revocable link), `partner_score` when there is a score
        (absent after a refusal or an unreadable account) and a flat `metadata` object of strings. Otherwise `sent`,
        `in_progress`, `expired` or `cancelled`, alone. Another tenant's or an unknown id answers 404.
        """;

    public const string Webhook = """
        For Greenhouse's web hooks (Configure > Dev Center > Web Hooks): give the URL and the secret that
        `POST /v1/integrations/greenhouse/webhook-secret` answers. Each delivery must carry `Signature: sha256 <hex>`, the
        HMAC-SHA256 of the raw body with the secret; anything else answers 401 and counts towards the per-address throttle
        of wrong keys. `delete_candidate` erases the candidate `greenhouse:{payload.person.id}` here, as
        `DELETE /v1/candidates` does; every other action (`ping` included) is acknowledged and ignored.
        """;

    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 15, 0, TimeSpan.Zero);

    private static readonly SendTestRequest SendTestExample = new("default@1",
        new GreenhouseCandidate("Harry", "Potter", null, "https://hogwarts.com/resume", "123-456-7890", "hpotter@hogwarts.edu",
            "https://app.greenhouse.io/people/17681532?application_id=26234709"),
        "https://app.greenhouse.io/integrations/testing_partners/take_home_tests/12345");

    private static readonly TestStatusResponse CompleteExample = new("complete", "https://screening.example.com/r/" + new string('x', 43), 92,
        Greenhouse.TestStatus.Metadata(Examples.Assessment with { Handle = new(Examples.Assessment.Handle!.Username, Scoring.HandleOwnership.Verified) },
            Invitations.InvitationOutcome.XSignin));

    public static void Configure(OpenApiOptions options)
    {
        ExampleSchemas.Add(options, new Dictionary<Type, object>
        {
            [typeof(PartnerTest)] = new PartnerTest("default@1", "Professional presence on X (policy default@1)"),
            [typeof(List<PartnerTest>)] = new List<PartnerTest> { new("default@1", "Professional presence on X (policy default@1)"), new("gentle@1", "Professional presence on X (policy gentle@1)") },
            [typeof(SendTestRequest)] = SendTestExample,
            [typeof(SendTestResponse)] = new SendTestResponse("019abf10-2c3d-7e4f-8a9b-0c1d2e3f4a5b"),
            [typeof(TestStatusResponse)] = CompleteExample,
            [typeof(ResponseErrorRequest)] = new ResponseErrorRequest("test_status", ["partner_status is 'complete' but partner_profile url is missing"],
                "default@1", "Professional presence on X (policy default@1)", "019abf10-2c3d-7e4f-8a9b-0c1d2e3f4a5b", "hpotter@hogwarts.edu"),
            [typeof(ResponseErrorAnswer)] = new ResponseErrorAnswer(200),
            [typeof(GreenhouseWebhookEvent)] = new GreenhouseWebhookEvent("delete_candidate",
                JsonSerializer.SerializeToElement(new { person = new { id = 17681532, first_name = "Harry", last_name = "Potter" } })),
            [typeof(AtsWebhookAnswer)] = new AtsWebhookAnswer("delete_candidate", true),
            [typeof(AtsWebhookSecret)] = new AtsWebhookSecret("ghws_" + new string('x', 43),
                "https://screening.example.com/integrations/greenhouse/webhooks?receiver=5f0c1e2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f", At),
            [typeof(GreenhouseResponseErrorList)] = new GreenhouseResponseErrorList([new GreenhouseResponseError(
                Guid.Parse("019ac0a1-0b1c-7d2e-8f3a-4b5c6d7e8f90"), "test_status", ["partner_status is 'complete' but partner_profile url is missing"],
                "default@1", "Professional presence on X (policy default@1)", "019abf10-2c3d-7e4f-8a9b-0c1d2e3f4a5b", At)], null),
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "basic",
                Description = "Greenhouse's calls: a RecruitSignal API key with the `greenhouse` scope as the username, an empty password.",
            };
            return Task.CompletedTask;
        });
        // Greenhouse authenticates with Basic, and every refusal (a missing scope too) is a 401 with a Basic challenge.
        options.AddOperationTransformer((operation, context, _) =>
        {
            var path = context.Description.RelativePath ?? "";
            if (!path.StartsWith(PartnerPath, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            operation.Responses ??= new OpenApiResponses();
            var unauthorized = new OpenApiResponse();
            operation.Responses["401"] = unauthorized;
            if (path.StartsWith(PartnerPath + "webhooks", StringComparison.Ordinal))
            {
                unauthorized.Description = "An unknown receiver, or a missing or wrong `Signature` (problem+json).";
                ProblemResponses.AddHeader(unauthorized, "WWW-Authenticate", $"`{GreenhouseWebhooks.Challenge}`.", true);
                operation.Responses["429"] = new OpenApiResponse { Description = "Too many wrong signatures or keys from this address; retry after `Retry-After` seconds." };
                return Task.CompletedTask;
            }

            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, context.Document)] = [] }];
            unauthorized.Description = "A missing, wrong, revoked or expired key, or one without the `greenhouse` scope (problem+json).";
            ProblemResponses.AddHeader(unauthorized, "WWW-Authenticate", $"`{BasicKeyAuthentication.Challenge}`: the key is the Basic username, the password empty.", true);
            operation.Responses["429"] = new OpenApiResponse { Description = "Too many wrong keys from this address, or the tenant's request limit; retry after `Retry-After` seconds." };
            if (operation.Responses.TryGetValue("503", out var unavailable) && path.EndsWith("send_test", StringComparison.Ordinal))
            {
                ((OpenApiResponse)unavailable).Description = "The service has no SMTP server (`Smtp__Host`), so the candidate cannot be invited: nothing is recorded. Or the database is unavailable.";
            }

            return Task.CompletedTask;
        });
    }
}
