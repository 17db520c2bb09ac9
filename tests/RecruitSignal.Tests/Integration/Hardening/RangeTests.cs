using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RecruitSignal.Tests.Integration.Hardening;

/// <summary>Issue 13, item 4: dates, numbers and URLs at the edges of what they can hold are refused or served, never a 500.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class RangeTests(ApiFixture api)
{
    [Theory]
    [InlineData("evidence.observedAt", "9999-12-31T23:59:59.9999999+00:00")]
    [InlineData("evidence.observedAt", "0001-01-01T00:00:00+00:00")]
    [InlineData("evidence.lastAuthoredPostAt", "9999-12-31T23:59:59+00:00")]
    [InlineData("evidence.lastAuthoredPostAt", "0001-01-01T00:00:00+00:00")]
    [InlineData("evidence.accountCreatedAt", "9999-12-31T23:59:59+00:00")]
    [InlineData("evidence.accountCreatedAt", "0001-01-01T00:00:00+00:00")]
    public async Task EvidenceDatesAtTheEndsOfTheCalendarAreRefused(string field, string date)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.ScreenAsync(Requests.EngagedProfessional().With(field, date));

        await response.AssertRefusedNamingAsync(field);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Fact]
    public async Task AnObservationInYear9999WithDatesBeforeItIsRefusedOnTheObservationAlone()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional()
            .With("evidence.observedAt", "9999-12-31T23:59:59+00:00")
            .With("evidence.lastAuthoredPostAt", "9999-12-31T23:00:00+00:00")
            .With("evidence.accountCreatedAt", "9999-12-31T22:00:00+00:00");

        var response = await tenant.ScreenAsync(body);

        var problem = await response.AssertRefusedNamingAsync("evidence.observedAt");
        Assert.Equal(0, await tenant.TotalRowsAsync());
        Assert.DoesNotContain("evidence.lastAuthoredPostAt", problem.Errors.Keys);
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public async Task ListingFiltersAtTheEndsOfTheCalendarAreServed(string date)
    {
        var tenant = await api.NewTenantAsync();
        await tenant.ScreenAsync(Requests.EngagedProfessional());
        var escaped = Uri.EscapeDataString(date);

        foreach (var path in new[] { $"/v1/assessments?createdAfter={escaped}", $"/v1/candidates?createdAfter={escaped}&updatedAfter={escaped}" })
        {
            var response = await tenant.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var items = (await response.ReadAsync<JsonObject>())["items"]!.AsArray();
            Assert.Equal(date.StartsWith("0001", StringComparison.Ordinal) ? 1 : 0, items.Count);
        }
    }

    [Theory]
    [InlineData("https://0.0.0.0/")]
    [InlineData("https://0/")]
    [InlineData("https://[::]/")]
    [InlineData("https://[::ffff:0.0.0.0]/")]
    [InlineData("https://0x7f000001/")]
    [InlineData("https://2130706433/hooks")]
    [InlineData("https://127.1/")]
    [InlineData("https://[::1]:8443/")]
    public async Task WebhookUrlsOfUnspecifiedOrShorthandAddressesAreRefusedNamingTheUrl(string url)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.Http.PostAsJsonAsync("/v1/webhooks", new { url, events = new[] { "assessment.created" } });

        await response.AssertRefusedNamingAsync("url");
        Assert.Empty((await (await tenant.Http.GetAsync("/v1/webhooks")).ReadAsync<JsonObject>())["items"]!.AsArray());
    }

    [Theory]
    [InlineData("after=-1", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    public async Task AuditPagingOutsideItsRangeIsRefusedNamingTheParameter(string query, string field)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.Http.GetAsync($"/v1/audit?{query}");

        await response.AssertRefusedNamingAsync(field);
    }

    [Theory]
    [InlineData(2_000_000)]
    [InlineData(-5)]
    public async Task ARelevantPostCountOutOfRangeIsRefusedEvenWithoutOriginalPosts(int relevant)
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With("evidence", new JsonObject { ["status"] = "not_found", ["relevantOriginalPosts"] = relevant });

        var response = await tenant.ScreenAsync(body);

        await response.AssertRefusedNamingAsync("evidence.relevantOriginalPosts");
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a-notice-version-far-longer-than-the-fifty-characters-a-notice-may-have")]
    public async Task ANoticeVersionOutOfRangeIsRefusedOnAWithdrawalToo(string notice)
    {
        var tenant = await api.NewTenantAsync();
        var withdrawal = new JsonObject { ["granted"] = false, ["method"] = "email", ["noticeVersion"] = notice };
        var candidate = await (await tenant.ScreenAsync(Requests.EngagedProfessional())).ReadAssessmentAsync();
        var before = await tenant.TotalRowsAsync();

        var screening = await tenant.ScreenAsync(Requests.EngagedProfessional("other").With("candidate.consent", withdrawal.DeepClone()));
        var consent = await tenant.Http.PostAsJsonAsync($"/v1/candidates/{candidate.CandidateId}/consent", withdrawal);

        await screening.AssertRefusedNamingAsync("candidate.consent.noticeVersion");
        await consent.AssertRefusedNamingAsync("noticeVersion");
        Assert.Equal(before, await tenant.TotalRowsAsync());
    }
}
