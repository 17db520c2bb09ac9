using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RecruitSignal.Assessments;
using RecruitSignal.Audit;
using RecruitSignal.Candidates;
using RecruitSignal.Consent;
using RecruitSignal.Explanations;
using RecruitSignal.Infrastructure;
using RecruitSignal.Policies;
using RecruitSignal.Privacy;
using RecruitSignal.Rescoring;
using RecruitSignal.Retention;
using RecruitSignal.Reviews;
using RecruitSignal.Scoring;
using RecruitSignal.Screenings;
using RecruitSignal.Webhooks;

namespace RecruitSignal.ApiDocs;

/// <summary>
/// Request and response examples for the OpenAPI document, computed by the real scoring code. They tell one
/// story, one candidate screened then reviewed; the examples of each feature build on the ones here.
/// </summary>
internal static class Examples
{
    private static readonly DateTimeOffset ObservedAt = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The tenant of the story; never shown, but cursors and audit hashes are bound to it.</summary>
    public static readonly Guid TenantId = Guid.Parse("019ab3f2-7c41-7a10-9d2e-5b7f3c9e1000");

    public static ScreeningRequest Screening { get; } = new(
        new CandidateProfile("gh-48213", "Camille Martin", "camille.martin@example.com",
            "Platform engineer, Kubernetes and observability", "https://x.com/camille_m"),
        new JobProfile("job-771", "Senior Platform Engineer", ["kubernetes", "observability", "platform engineering"]),
        new DeclaredEvidence("declared", "found", ObservedAt, 90, OriginalPosts: 14, Replies: 22, Reposts: 9,
            LastAuthoredPostAt: ObservedAt.AddDays(-2), Followers: 1830, AccountCreatedAt: new DateTimeOffset(2014, 5, 2, 0, 0, 0, TimeSpan.Zero),
            Bio: "Platform engineer. Kubernetes, observability, trail running.", RelevantOriginalPosts: 6));

    public static AssessmentResponse Assessment { get; } = ScoreExample();

    public static CandidateResponse Candidate { get; } = new(
        Assessment.CandidateId, "gh-48213", "Camille Martin", "camille.martin@example.com",
        "Platform engineer, Kubernetes and observability", "camille_m", HandleOwnership.Ats, ObservedAt.AddMinutes(1), ObservedAt.AddMinutes(1), Assessment);

    // Literal, so that the checked-in document is the same at every build: real cursors are sealed with the
    // deployment's own Data Protection key ring, and these open nothing on any service.
    public static AssessmentPage AssessmentPage { get; } = new([Assessment],
        "CfDJ8AAAAAAAAAAAAAAAAAAAAABM4DefbV6Db8-RKEwUcMrXbzGKfIunlYI9gv1CEU5hzsGL2g43x76nTaj8JdjxlhcMBpwHQA94q2LpiQEDAT63G-c2F0Ipzl6PDCbRjLuT3z3B7QftpLRGd-ZFp0CxcI5YK5XzyiNaDqN5kHgLGPeS");

    public static CandidateList CandidateList { get; } = new([Candidate],
        "CfDJ8AAAAAAAAAAAAAAAAAAAAADP4FerpFfS4wOBe3_8WmZ1KWNCo-K1mNVqPHxtqbYlm21kUlC5vDPUlLC_Fy9zntT3P_noBwi8tsJ9eTSSb2BSR3jqepspGlBD7TJrm9CcLv-auUMQUdM1g8Q6CTL_RkNYCvl1b0UADUbXghHdr_pa");

    public static ConsentRequest Consent { get; } = new(true, ObservedAt.AddDays(-3), "privacy-notice-2026-01", "ats_form");

    public static ConsentResponse ConsentRecorded { get; } = new(
        Guid.Parse("019ab3f2-7c41-7a10-9d2e-5b7f3c9e1b77"), Guid.Parse("019ab3f2-7c41-7a10-9d2e-5b7f3c9e1a04"),
        true, ObservedAt.AddDays(-3), "privacy-notice-2026-01", "ats_form", ObservedAt.AddMinutes(1), CancelledLookups: 0, Networks: ["x"]);

    private static AssessmentResponse ScoreExample()
    {
        var screening = Screenings.Screening.From(Screening, ScoringPolicy.Default, ObservedAt);
        var row = ScreeningStore.ToRow(screening, ObservedAt.AddMinutes(1));
        // Fixed ids: the document is checked in, so the example must come out the same at every build.
        return (row with
        {
            Id = Guid.Parse("019aa02c-2f40-7c11-8a3e-4b5c6d7e8f90"),
            CandidateId = Guid.Parse("019ab3f2-7c41-7a10-9d2e-5b7f3c9e1a04"),
            ObservationId = Guid.Parse("019aa02c-2f40-7c12-9b4f-5c6d7e8f9a01"),
        }).ToResponse(screening.Result.Factors);
    }

    // Built on first use rather than with this class: the feature examples read the ones above.
    private static readonly Lazy<FrozenDictionary<Type, object>> ByType = new(() => new Dictionary<Type, object>
    {
        [typeof(ScreeningRequest)] = Screening,
        [typeof(AssessmentResponse)] = Assessment,
        [typeof(AssessmentPage)] = AssessmentPage,
        [typeof(AssessmentList)] = new AssessmentList([Assessment]),
        [typeof(CandidateResponse)] = Candidate,
        [typeof(CandidateList)] = CandidateList,
        [typeof(ConsentRequest)] = Consent,
        [typeof(ConsentResponse)] = ConsentRecorded,
        [typeof(CreateWebhookRequest)] = ExampleIntegration.CreateWebhook,
        [typeof(CreatedWebhookSubscription)] = ExampleIntegration.CreatedWebhook,
        [typeof(WebhookSubscription)] = ExampleIntegration.Webhook,
        [typeof(WebhookSubscriptionList)] = new WebhookSubscriptionList([ExampleIntegration.Webhook]),
        [typeof(WebhookDelivery)] = ExampleIntegration.Ping,
        [typeof(WebhookDeliveryList)] = new WebhookDeliveryList([ExampleIntegration.Ping, ExampleIntegration.Delivered]),
        [typeof(PolicyRequest)] = ExampleTrust.NewPolicy,
        [typeof(PolicyResponse)] = ExampleTrust.CreatedPolicy,
        [typeof(PolicyList)] = ExampleTrust.Policies,
        [typeof(PolicyDocumentation)] = PolicyDescriber.Describe(ScoringPolicy.Default, PolicyWords.Of("en")),
        [typeof(ActivePolicyRequest)] = new ActivePolicyRequest(ExampleTrust.CreatedPolicy.Version),
        [typeof(RescoreRequest)] = new RescoreRequest(ExampleTrust.CreatedPolicy.Version),
        [typeof(RescoringJobResponse)] = ExampleTrust.RescoringJob,
        [typeof(ReviewRequest)] = ExampleTrust.Confirm,
        [typeof(ContestRequest)] = ExampleTrust.Contest,
        [typeof(ReviewList)] = new ReviewList([ExampleTrust.Confirmation, ExampleTrust.Objection]),
        [typeof(ExplanationResponse)] = Explainer.Explain(Assessment, ExplanationLanguage.English),
        [typeof(CandidateExport)] = ExampleRights.Export,
        [typeof(RetentionSettings)] = new RetentionSettings(365, 3650),
        [typeof(AuditPage)] = new AuditPage(ExampleRights.AuditLog, null),
    }.ToFrozenDictionary());

    public static Task AddToSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (ByType.Value.TryGetValue(context.JsonTypeInfo.Type, out var example))
        {
            schema.Examples = [JsonSerializer.SerializeToNode(example, Json.Options)!];
        }

        return Task.CompletedTask;
    }
}
