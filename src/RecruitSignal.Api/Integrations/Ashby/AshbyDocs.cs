using Microsoft.AspNetCore.OpenApi;
using RecruitSignal.ApiDocs;

namespace RecruitSignal.Integrations.Ashby;

/// <summary>The examples of Ashby's calls in the OpenAPI document, as Ashby writes them.</summary>
public static class AshbyDocs
{
    public static void Configure(OpenApiOptions options) => ExampleSchemas.Add(options, new Dictionary<Type, object>
    {
        [typeof(AshbyAssessmentList)] = new AshbyAssessmentList(true, [new("default@1", "Professional presence on X (policy default@1)", "A signal for a human recruiter, not a hiring decision.")]),
        [typeof(AshbyStart)] = new AshbyStart("default@1", new AshbyCandidate("0c4a1b2e-5d6f-4a8b-9c0d-1e2f3a4b5c6d", "Harriet", "Vane", "harriet.vane@example.com"),
            new AshbyReference("8b2c3d4e-6f7a-4b8c-9d0e-2f3a4b5c6d7e")),
        [typeof(AshbyStartAnswer)] = new AshbyStartAnswer(true, new AshbyStarted("019abf10-2c3d-7e4f-8a9b-0c1d2e3f4a5b")),
        [typeof(AshbyCancel)] = new AshbyCancel("019abf10-2c3d-7e4f-8a9b-0c1d2e3f4a5b"),
        [typeof(AshbyAnswer)] = new AshbyAnswer(true),
        [typeof(AshbyConnection)] = new AshbyConnection("the-tenant's-ashby-api-key"),
        [typeof(AshbyWebhookEvent)] = new AshbyWebhookEvent("candidateDelete",
            System.Text.Json.JsonSerializer.SerializeToElement(new { candidate = new { id = "0c4a1b2e-5d6f-4a8b-9c0d-1e2f3a4b5c6d" } })),
    });
}
