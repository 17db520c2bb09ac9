using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Reports;

/// <summary>POST /v1/assessments/{id}/report-links: the recruiter's report page for a caller without an adapter.</summary>
[Collection(CandidatePagesGroup.Name)]
public sealed class ReportLinkApiTests(CandidatePagesFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    [Fact]
    public async Task AReadKeyGetsTheReportLinkAndItsExpiryTheSameLinkAgainAndAnotherTenantGets404()
    {
        var (_, admin, _) = await H.NewTenantAsync("Globex");
        var (_, stranger, _) = await H.NewTenantAsync("Stranger");
        var screened = await admin.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional($"ext-{Guid.NewGuid():N}"));
        var assessmentId = (await screened.ReadAssessmentAsync()).Id;
        using var reader = ClientWith(await KeyAsync(admin, "read"));
        using var writer = ClientWith(await KeyAsync(admin, "screenings"));

        var first = await reader.PostAsync($"/v1/assessments/{assessmentId}/report-links", null);
        var link = await first.ReadAsync<JsonObject>();
        var again = await (await reader.PostAsync($"/v1/assessments/{assessmentId}/report-links", null)).ReadAsync<JsonObject>();
        using var recruiter = new PageSession(H.BaseUrl);
        var page = await recruiter.GetAsync((string)link["url"]!);
        var theirs = await stranger.PostAsync($"/v1/assessments/{assessmentId}/report-links", null);
        var unknown = await reader.PostAsync($"/v1/assessments/{Guid.NewGuid()}/report-links", null);
        var unscoped = await writer.PostAsync($"/v1/assessments/{assessmentId}/report-links", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.StartsWith(H.BaseUrl + "/r/", (string?)link["url"], StringComparison.Ordinal);
        Assert.InRange(DateTimeOffset.Parse((string)link["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddDays(89), DateTimeOffset.UtcNow.AddDays(91));
        Assert.Equal(link.ToJsonString(), again.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.Forbidden), (theirs.StatusCode, unknown.StatusCode, unscoped.StatusCode));
        Assert.Equal("application/problem+json", theirs.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheReportTitleNamesTheNetworksTheAssessmentsPolicyReadsInEitherLanguage()
    {
        var (_, admin, _) = await H.NewTenantAsync("Globex");
        var titles = new List<string>();
        foreach (var policy in new[] { "default@1", "default@2" })
        {
            var screened = await admin.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional($"ext-{Guid.NewGuid():N}").With("policyVersion", policy));
            var link = await (await admin.PostAsync($"/v1/assessments/{(await screened.ReadAssessmentAsync()).Id}/report-links", null)).ReadAsync<JsonObject>();
            using var recruiter = new PageSession(H.BaseUrl);
            foreach (var language in new[] { "en", "fr" })
            {
                var html = await (await recruiter.GetAsync($"{link["url"]}?lang={language}")).Content.ReadAsStringAsync();
                titles.Add(WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "<h1>(.*?)</h1>").Groups[1].Value));
            }
        }

        Assert.Equal([
            "Professional presence on X", "Présence professionnelle sur X",
            "Professional presence on X, Bluesky and Mastodon", "Présence professionnelle sur X, Bluesky et Mastodon",
        ], titles);
    }

    private static async Task<string> KeyAsync(HttpClient admin, string scope)
    {
        var created = await admin.PostAsJsonAsync("/v1/keys", new JsonObject { ["name"] = scope, ["scopes"] = new JsonArray(scope) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (string)(await created.ReadAsync<JsonObject>())["key"]!;
    }

    private HttpClient ClientWith(string key)
    {
        var client = H.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
