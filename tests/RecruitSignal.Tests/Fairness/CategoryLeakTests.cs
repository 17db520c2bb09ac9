using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Greenhouse;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Fairness;

/// <summary>A candidate's categories reach the candidate's own export and nothing else a person or a system reads.</summary>
[Collection(CandidatePagesGroup.Name)]
public sealed class CategoryLeakTests(CandidatePagesFixture fixture)
{
    // The values given, and the names of the fields that would carry them.
    private static readonly string[] Traces = ["native_hawaiian_or_other_pacific_islander", "60_and_over", "female", "raceEthnicity", "ageBand", "demographics", "\"sex\""];

    [Fact]
    public async Task CategoriesAppearInNoAnswerPageWebhookOrGreenhouseStatusOnlyInTheCandidatesExport()
    {
        var h = fixture.Harness;
        var (tenantId, admin, key) = await h.TenantAsync("Leak Check");
        await admin.PutAsJsonAsync("/v1/settings/jurisdiction", new { profile = "us-nyc" });
        // Written directly: this harness's service refuses private webhook targets, and only the outbox is read here.
        await h.ScalarAsync<int>("""
            insert into webhook_subscriptions (tenant_id, id, url, events, signing_secret, created_at)
            values (@tenantId, gen_random_uuid(), 'https://hooks.example.com/rs', array['assessment.created', 'assessment.completed', 'invitation.declined'], 'secret', now())
            """, new { tenantId });
        await using var gh = await FakeGreenhouse.StartAsync(h.BaseUrl);
        var (email, url) = (GreenhouseSteps.NewEmail(), gh.NewTest(key));
        var interviewId = await (await gh.SendTestAsync(key, "default@1", url, email, GreenhouseSteps.NewPersonId())).InterviewIdAsync();
        var link = CandidatePagesHarness.LinkIn(await h.EmailToAsync(email));
        using (var candidatePage = new PageSession(h.BaseUrl))
        {
            await candidatePage.GetAsync(link);
            await candidatePage.PostAsync($"{link}/decline", "en");
        }

        await h.RunPatchesAsync();
        var before = await gh.StatusAfterPatchAsync(url);
        var candidateId = await h.ScalarAsync<Guid>("select candidate_id from greenhouse_interviews where id = @id", new { id = Guid.Parse(interviewId) });
        var put = await admin.PutAsJsonAsync($"/v1/candidates/{candidateId}/demographics",
            new { sex = "female", raceEthnicity = "native_hawaiian_or_other_pacific_islander", ageBand = "60_and_over" });
        put.EnsureSuccessStatusCode();
        var externalId = (string)(await (await admin.GetAsync($"/v1/candidates/{candidateId}")).ReadAsync<JsonObject>())["externalId"]!;

        var answers = new List<(string Where, string Text)>();
        async Task Read(string where, HttpResponseMessage response) => answers.Add((where, await response.Content.ReadAsStringAsync()));
        var screened = await admin.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional(externalId));
        await Read("screening", screened);
        var assessmentId = (string)(await screened.ReadAsync<JsonObject>())["id"]!;
        await Read("assessment", await admin.GetAsync($"/v1/assessments/{assessmentId}"));
        await Read("candidate", await admin.GetAsync($"/v1/candidates/{candidateId}"));
        await Read("history", await admin.GetAsync($"/v1/candidates/{candidateId}/assessments"));
        await Read("explanation", await admin.GetAsync($"/v1/assessments/{assessmentId}/explanation"));
        await Read("test_status", await gh.TestStatusAsync(key, interviewId));
        answers.Add(("test_status before", before.ToJsonString()));
        using var recruiter = new PageSession(h.BaseUrl);
        foreach (var language in new[] { "en", "fr" })
        {
            await recruiter.GetAsync((string)before["partner_profile_url"]! + "?lang=" + language);
            answers.Add(($"report page {language}", recruiter.LastHtml));
        }

        var webhookBodies = await h.ScalarAsync<string>(
            "select coalesce(string_agg(body, '\n'), '') from webhook_events where tenant_id = (select tenant_id from candidates where id = @candidateId)", new { candidateId });
        answers.Add(("webhooks", webhookBodies));
        var export = await (await admin.GetAsync($"/v1/candidates/{candidateId}/export")).Content.ReadAsStringAsync();

        Assert.Equal(10, answers.Count);
        Assert.All(answers, answer => Assert.False(string.IsNullOrEmpty(answer.Text), $"the {answer.Where} is empty"));
        Assert.Contains(assessmentId, webhookBodies, StringComparison.Ordinal);
        Assert.All(answers, answer => Assert.All(Traces, trace => Assert.False(
            answer.Text.Contains(trace, StringComparison.Ordinal), $"'{trace}' is in the {answer.Where}")));
        Assert.All(Traces.Take(3), trace => Assert.Contains(trace, export, StringComparison.Ordinal));
    }
}
