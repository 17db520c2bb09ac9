using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Fairness;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Fairness;

[Collection(ApiTestGroup.Name)]
public sealed class FairnessPageTests(ApiFixture api)
{
    /// <summary>Ages whose figures are known: 40 and over are active at 0.5 times the rate of those under 40.</summary>
    public static IEnumerable<Person> AgeGap() =>
        new Person(80, true, "female", Age: "under_40").Times(4).Concat(new Person(30, false, "male", Age: "under_40").Times(4))
            .Concat(new Person(80, true, "male", Age: "40_to_49").Times(2)).Concat(new Person(30, false, "female", Age: "60_and_over").Times(6));

    [Fact]
    public async Task TheLinkShowsThePageInBothLanguagesUntilItIsRevoked()
    {
        var tenant = await api.NewTenantAsync();
        await Population.AddAsync(api.ConnectionString, tenant.TenantId, AgeGap());

        var bad = await tenant.Http.PostAsJsonAsync("/v1/fairness/report-links", new { from = "2026-06-31", policyVersion = "" });
        var created = await tenant.Http.PostAsJsonAsync("/v1/fairness/report-links", new { from = "2026-06-01", to = "2026-06-30", policyVersion = "default@1" });
        var link = await created.ReadAsync<FairnessReportLink>();
        var path = new Uri(link.Url).AbsolutePath;
        using var page = new PageSession(api.Factory.CreateClient().BaseAddress!.ToString());
        var english = await page.GetAsync(path);
        var englishHtml = page.LastHtml;
        var french = await page.GetAsync(path + "?lang=fr");
        var frenchHtml = page.LastHtml;
        var revoked = await (await tenant.Http.DeleteAsync("/v1/fairness/report-links")).ReadAsync<RevokedFairnessReportLinks>();
        var ended = await page.GetAsync(path);
        var unknown = await page.GetAsync("/f/not-a-token");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["from", "policyVersion"], (await bad.ReadAsync<JsonObject>())["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, english.StatusCode);
        Assert.Contains("In this period, candidates 40 and over were found to have an active presence at 0.50 times the rate of candidates under 40.", englishHtml, StringComparison.Ordinal);
        Assert.Contains("AbsenceTreatment.NotApplicable", englishHtml, StringComparison.Ordinal);
        Assert.Contains("<svg", englishHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", englishHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, french.StatusCode);
        Assert.Contains("une présence active a été constatée chez les candidats de 40 ans et plus 0,50 fois aussi souvent que chez les candidats de moins de 40 ans", frenchHtml, StringComparison.Ordinal);
        Assert.Equal(1, revoked.Revoked);
        Assert.Equal(HttpStatusCode.Gone, ended.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
