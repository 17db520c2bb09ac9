using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Fairness;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Fairness;

/// <summary>Synthetic populations whose figures are known in advance: the endpoint must give exactly those.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class ImpactRatioTests(ApiFixture api)
{
    private const string Period = "/v1/fairness/impact-ratios?from=2026-06-01&to=2026-06-30&policyVersion=default@1";

    [Fact]
    public async Task ScoresEqualToTheMedianDoNotCountAsAboveItAndOnlyEachCandidatesLatestAssessmentCounts()
    {
        var tenant = await api.NewTenantAsync();
        // Scores 30 40 50 50 50 50 60 70 80 90: the median is 50, and four candidates sit exactly on it.
        var ids = await Population.AddAsync(api.ConnectionString, tenant.TenantId,
        [
            new(80, true, Age: "under_40"), new(70, true, Age: "25_to_39"), new(60, true, Age: "under_25"), new(50, false, Age: "under_40"), new(50, false, Age: "under_40"),
            new(50, true, Age: "40_and_over"), new(50, false, Age: "50_to_59"), new(40, false, Age: "40_to_49"), new(30, false, Age: "60_and_over"), new(90, false, Age: "40_and_over"),
            new(null, false, Age: "40_and_over"),
        ]);
        // Earlier in the period the fourth scored 100, and after it 100 again, and 100 under another policy: none of these count.
        await Population.AssessAsync(api.ConnectionString, tenant.TenantId, ids[3], 100, true, Population.AssessedAt.AddDays(-5));
        await Population.AssessAsync(api.ConnectionString, tenant.TenantId, ids[3], 100, true, Population.AssessedAt.AddDays(30));
        await tenant.Http.PostAsJsonAsync("/v1/policies", Integration.Trust.TrustRequests.Policy("other"));
        await Population.AssessAsync(api.ConnectionString, tenant.TenantId, ids[4], 100, true, Population.AssessedAt.AddDays(1), "other@1");

        var report = await (await tenant.Http.GetAsync(Period)).ReadAsync<ImpactRatioReport>();

        Assert.Equal((10L, 1L, 50.0), (report.Sample.Candidates, report.Sample.Unscored, report.Sample.MedianScore));
        Assert.Equal(["sex", "ageBand"], report.Families.Select(f => f.Family));
        Assert.Equal((0, 10L, 0L), (report.Families[0].Categories.Count, report.Families[0].Unknown, report.Families[0].Declined));
        var age = report.Families[1].Categories.ToDictionary(c => c.Category);
        Assert.Equal(["40_and_over", "under_40"], age.Keys);
        Assert.Equal(new RateFigures(1, 0.2m, 0.3333m, true), age["40_and_over"].ScoreAboveMedian);
        Assert.Equal(new RateFigures(3, 0.6m, 1m, false), age["under_40"].ScoreAboveMedian);
        Assert.Equal(new RateFigures(1, 0.2m, 0.3333m, true), age["40_and_over"].ActivePresence);
        Assert.Equal(new RateFigures(3, 0.6m, 1m, false), age["under_40"].ActivePresence);
        Assert.Equal((5L, 0.5m, false), (age["under_40"].Count, age["under_40"].ShareOfSample, age["under_40"].Excludable));
        Assert.Equal([0L, 1L, 3L, 0L, 1L], age["40_and_over"].ScoreDistribution);
        Assert.Contains(report.Method, sentence => sentence.Contains("strictly above the sample median", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACategoryUnderTwoPercentIsFlaggedAndDoesNotSetTheHighestRateAndIntersectionsAreReportedInNewYork()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.Http.PutAsJsonAsync("/v1/settings/jurisdiction", new { profile = "us-nyc" });
        // 56 candidates score 20 and 44 score 80: the median is 20 and "above" means 80.
        var people = Group("female", "white", 30, above: 20)
            .Concat(Group("male", "white", 30, above: 10))
            .Concat(Group("female", "asian", 20, above: 5))
            .Concat(Group("male", "asian", 19, above: 8))
            .Concat(Group("male", "american_indian_or_alaska_native", 1, above: 1));
        await Population.AddAsync(api.ConnectionString, tenant.TenantId, people);

        var report = await (await tenant.Http.GetAsync(Period)).ReadAsync<ImpactRatioReport>();

        Assert.Equal((100L, 20.0), (report.Sample.Candidates, report.Sample.MedianScore));
        Assert.Equal(["sex", "raceEthnicity", "sexRaceEthnicity", "ageBand"], report.Families.Select(f => f.Family));
        var sex = Figures(report, "sex");
        Assert.Equal(new RateFigures(25, 0.5m, 1m, false), sex["female"].ScoreAboveMedian);
        Assert.Equal(new RateFigures(19, 0.38m, 0.76m, true), sex["male"].ScoreAboveMedian);
        var race = Figures(report, "raceEthnicity");
        Assert.Equal((1L, 0.01m, true), (race["american_indian_or_alaska_native"].Count, race["american_indian_or_alaska_native"].ShareOfSample, race["american_indian_or_alaska_native"].Excludable));
        Assert.Equal(new RateFigures(1, 1m, 2m, false), race["american_indian_or_alaska_native"].ScoreAboveMedian);
        Assert.Equal(new RateFigures(30, 0.5m, 1m, false), race["white"].ScoreAboveMedian);
        Assert.Equal(new RateFigures(13, 0.3333m, 0.6667m, true), race["asian"].ScoreAboveMedian);
        var both = Figures(report, "sexRaceEthnicity");
        Assert.Equal(["female / asian", "female / white", "male / american_indian_or_alaska_native", "male / asian", "male / white"], both.Keys);
        Assert.Equal(new RateFigures(20, 0.6667m, 1m, false), both["female / white"].ScoreAboveMedian);
        Assert.Equal(new RateFigures(10, 0.3333m, 0.5m, true), both["male / white"].ScoreAboveMedian);
        Assert.Equal(new RateFigures(5, 0.25m, 0.375m, true), both["female / asian"].ScoreAboveMedian);
        Assert.Equal(new RateFigures(8, 0.4211m, 0.6316m, true), both["male / asian"].ScoreAboveMedian);
        Assert.True(both["male / american_indian_or_alaska_native"].Excludable);
        Assert.Equal((0, 100L), (report.Families[3].Categories.Count, report.Families[3].Unknown));
    }

    [Fact]
    public async Task WhenEveryoneDeclinedThereIsNoRatioOnlyTheCounts()
    {
        var tenant = await api.NewTenantAsync();
        await Population.AddAsync(api.ConnectionString, tenant.TenantId, new Person(40, false, "declined", Age: "declined").Times(4).Append(new Person(70, true, "declined")));

        var report = await (await tenant.Http.GetAsync(Period)).ReadAsync<ImpactRatioReport>();

        Assert.Equal((5L, 40.0), (report.Sample.Candidates, report.Sample.MedianScore));
        Assert.Equal([(0, 0L, 5L), (0, 1L, 4L)], report.Families.Select(f => (f.Categories.Count, f.Unknown, f.Declined)));
    }

    [Fact]
    public async Task TheFiguresComeAsCsvWhenAskedAndABadPeriodIsAProblem()
    {
        var tenant = await api.NewTenantAsync();
        await Population.AddAsync(api.ConnectionString, tenant.TenantId, [new(80, true, "female", Age: "under_40"), new(20, false, "male", Age: "40_and_over"), new(50, false)]);
        var request = new HttpRequestMessage(HttpMethod.Get, Period);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        var csv = await tenant.Http.SendAsync(request);
        var text = await csv.Content.ReadAsStringAsync();
        var bad = await tenant.Http.GetAsync("/v1/fairness/impact-ratios?from=2026-06-31&to=2026-06-01");
        var reversed = await tenant.Http.GetAsync("/v1/fairness/impact-ratios?from=2026-06-30&to=2026-06-01&policyVersion=default@1");

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = text.Split("\r\n");
        Assert.StartsWith("# period 2026-06-01 to 2026-06-30; policy default@1; jurisdiction eu; sample 3; unscored 0; median score 50", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.Contains("strictly above the sample median", StringComparison.Ordinal));
        Assert.Contains("sex,\"female\",1,0.3333,false,1,1,1,false,1,1,1,false", lines);
        Assert.Contains("sex,\"male\",1,0.3333,false,0,0,0,true,0,0,0,true", lines);
        Assert.Contains("sex,\"unknown\",1,,,,,,,,,,", lines);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["from"], (await bad.ReadAsync<JsonObject>())["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal(["to"], (await reversed.ReadAsync<JsonObject>())["errors"]!.AsObject().Select(e => e.Key));
    }

    private static IEnumerable<Person> Group(string sex, string race, int count, int above) =>
        Enumerable.Range(0, count).Select(i => new Person(i < above ? 80 : 20, i < above, sex, race));

    private static Dictionary<string, CategoryFigures> Figures(ImpactRatioReport report, string family) =>
        report.Families.Single(f => f.Family == family).Categories.ToDictionary(c => c.Category);
}
