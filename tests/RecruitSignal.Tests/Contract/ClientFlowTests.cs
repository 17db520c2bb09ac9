using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Client;
using RecruitSignal.Tenants;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Contract;

/// <summary>
/// The README's main flows through the generated C# client, as an ATS integrator would write them: no raw HTTP,
/// no header set by hand, errors caught as typed problems. Every answer is also checked against the document.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class ClientFlowTests(ApiFixture api) : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset ObservedAt = DateTimeOffset.UtcNow.AddHours(-1);

    private ApiFactory _service = null!;
    private RecruitSignalClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = new ApiFactory(api.ConnectionString, new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateTargets"] = "true",
            ["Webhooks:DispatcherEnabled"] = "false",
        });
        var tenant = await _service.Services.GetRequiredService<TenantStore>().CreateAsync($"client-{Guid.NewGuid():N}", CancellationToken.None);
        var address = _service.CreateClient().BaseAddress!;
        _client = RecruitSignalClient.Create(address, tenant.ApiKey, new ContractCheckingHandler { InnerHandler = new SocketsHttpHandler() });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task ScreeningThenAssessmentThenCandidateLookup()
    {
        var created = await _client.CreateScreeningAsync(Screening("ats-1001"));
        var assessment = await _client.GetAssessmentAsync(created.Id);
        var candidate = await _client.GetCandidateAsync(created.CandidateId);
        var found = await _client.ListCandidatesAsync(externalId: "ats-1001");

        Assert.Equal(PresenceTier.Engaged, created.PresenceTier);
        Assert.Equal(Band.Strong, assessment.Band);
        Assert.InRange(assessment.Score!.Value, 70, 100);
        Assert.Contains(assessment.Factors, f => f.Factor == Factor.Conversation && f.Points > 0);
        Assert.Equal("camille_m", candidate.Handle);
        Assert.Equal(created.Id, candidate.LatestAssessment!.Id);
        Assert.Equal(created.CandidateId, Assert.Single(found.Items).Id);
    }

    [Fact]
    public async Task PagingWalksEveryStrongAssessmentOnce()
    {
        for (var i = 0; i < 5; i++)
        {
            await _client.CreateScreeningAsync(Screening($"ats-page-{i}"));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await _client.ListAssessmentsAsync(band: Band.Strong, active: true, limit: 2, cursor: cursor);
            Assert.InRange(page.Items.Count, 0, 2);
            seen.AddRange(page.Items.Select(a => a.Id));
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.True(seen.Count >= 5);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task BatchStoresTheValidItemAndExplainsTheOtherByField()
    {
        var bad = Screening("ats-batch-2");
        bad.Candidate.Twitter = "https://x.com/home";

        var batch = await _client.CreateScreeningBatchAsync(new BatchScreeningRequest { Items = [Screening("ats-batch-1"), bad] });

        Assert.Equal((1, 1), (batch.Stored, batch.Rejected));
        Assert.Equal(201, batch.Items[0].Status);
        Assert.Equal(Band.Strong, batch.Items[0].Assessment!.Band);
        Assert.Contains("candidate.twitter", batch.Items[1].Problem!.Errors.Keys);
    }

    [Fact]
    public async Task RetryWithTheSameIdempotencyKeyGetsTheFirstAnswer()
    {
        var key = Guid.NewGuid().ToString();

        var first = await _client.CreateScreeningAsync(Screening("ats-retry"), idempotency_Key: key);
        var retry = await _client.CreateScreeningAsync(Screening("ats-retry"), idempotency_Key: key);
        var reused = await Assert.ThrowsAsync<RecruitSignalApiException<ProblemDetails>>(
            () => _client.CreateScreeningAsync(Screening("ats-other"), idempotency_Key: key));

        Assert.Equal(first.Id, retry.Id);
        Assert.Equal(422, reused.StatusCode);
    }

    [Fact]
    public async Task WebhookSubscriptionPingAndDeliveries()
    {
        var created = await _client.CreateWebhookAsync(new CreateWebhookRequest
        {
            Url = new Uri("https://ats.example.com/hooks/recruitsignal"),
            Events = [SubscribableEvent.Assessment_created, SubscribableEvent.Assessment_completed],
        });
        var ping = await _client.PingWebhookAsync(created.Id);
        var deliveries = await _client.ListWebhookDeliveriesAsync(created.Id);
        var listed = await _client.ListWebhooksAsync();
        await _client.DeleteWebhookAsync(created.Id);
        var gone = await Assert.ThrowsAsync<RecruitSignalApiException<ProblemDetails>>(() => _client.GetWebhookAsync(created.Id));

        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        Assert.Equal(WebhookEvent.Ping, ping.EventType);
        Assert.Equal(DeliveryStatus.Pending, Assert.Single(deliveries.Items).Status);
        Assert.Contains(listed.Items, w => w.Id == created.Id && w.Events.Contains(SubscribableEvent.Assessment_completed));
        Assert.Equal(404, gone.StatusCode);
    }

    [Fact]
    public async Task ExplanationInTheCandidatesLanguage()
    {
        var created = await _client.CreateScreeningAsync(Screening("ats-explain"));

        var french = await _client.ExplainAssessmentAsync(created.Id, accept_Language: "fr-FR, fr;q=0.9");
        var english = await _client.ExplainAssessmentAsync(created.Id);

        Assert.Equal((ExplanationLanguageCode.Fr, ExplanationLanguageCode.En), (french.Language, english.Language));
        Assert.NotEqual(english.Summary, french.Summary);
        Assert.NotEmpty(french.HowItCounted);
    }

    [Fact]
    public async Task ConsentIsRecordedAndErasureLeavesNothingToRead()
    {
        var created = await _client.CreateScreeningAsync(Screening("ats-erase"));

        var consent = await _client.RecordConsentAsync(created.CandidateId, new ConsentRequest { Granted = true, NoticeVersion = "privacy-notice-2026-01", Method = "ats_form" });
        var withdrawal = await _client.RecordConsentAsync(created.CandidateId, new ConsentRequest { Granted = false, Method = "email" });
        await _client.EraseCandidateAsync(created.CandidateId);
        var erased = await Assert.ThrowsAsync<RecruitSignalApiException<ProblemDetails>>(() => _client.GetCandidateAsync(created.CandidateId));
        await _client.EraseCandidateByExternalIdAsync("ats-erase");

        Assert.True(consent.Granted);
        Assert.False(withdrawal.Granted);
        Assert.Equal(404, erased.StatusCode);
        Assert.Equal("No such candidate.", erased.Result.Title);
        Assert.NotNull(erased.Result.TraceId);
    }

    [Fact]
    public async Task InvalidScreeningArrivesAsATypedValidationProblem()
    {
        var body = Screening("ats-invalid");
        body.Candidate.Twitter = "https://linkedin.com/in/camille";
        body.Evidence!.RelevantOriginalPosts = 99;

        var refused = await Assert.ThrowsAsync<RecruitSignalApiException<HttpValidationProblemDetails>>(() => _client.CreateScreeningAsync(body));

        Assert.Equal(400, refused.StatusCode);
        Assert.Equal(400, refused.Result.Status);
        Assert.Contains("candidate.twitter", refused.Result.Errors!.Keys);
        Assert.Contains("evidence.relevantOriginalPosts", refused.Result.Errors!.Keys);
        Assert.NotEmpty(refused.Result.Errors["candidate.twitter"]);
    }

    [Fact]
    public async Task RefreshingAnUnknownCandidateIsA404WhateverTheXConfiguration()
    {
        // This service has no X API token: a known candidate would get 503, an unknown id is still the caller's mistake.
        var unknown = await Assert.ThrowsAsync<RecruitSignalApiException<ProblemDetails>>(() => _client.RefreshCandidateAsync(Guid.NewGuid()));
        var known = await _client.CreateScreeningAsync(Screening("ats-refresh"));
        var off = await Assert.ThrowsAsync<RecruitSignalApiException<ProblemDetails>>(() => _client.RefreshCandidateAsync(known.CandidateId));

        Assert.Equal(404, unknown.StatusCode);
        Assert.Equal(503, off.StatusCode);
    }

    private static ScreeningRequest Screening(string externalId) => new()
    {
        Candidate = new CandidateProfile { ExternalId = externalId, FullName = "Camille Martin", Headline = "Platform engineer", Twitter = "https://x.com/camille_m" },
        Job = new JobProfile { Title = "Senior Platform Engineer", Keywords = ["kubernetes", "observability"] },
        Evidence = new DeclaredEvidence
        {
            Status = AccountStatus.Found, ObservedAt = ObservedAt, WindowDays = 90, OriginalPosts = 20, Replies = 15, Reposts = 5,
            LastAuthoredPostAt = ObservedAt.AddDays(-2), Bio = "Kubernetes and observability at scale.", RelevantOriginalPosts = 12,
        },
    };
}
