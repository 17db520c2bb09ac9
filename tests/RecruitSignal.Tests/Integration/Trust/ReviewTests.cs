using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Reviews;
using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Integration.Trust;

[Collection(ApiTestGroup.Name)]
public sealed class ReviewTests(ApiFixture api)
{
    [Fact]
    public async Task ANewAssessmentIsUnreviewed()
    {
        var tenant = await api.NewTenantAsync();

        var assessment = await tenant.ScreenOkAsync(Requests.EngagedProfessional());

        Assert.Equal(ReviewState.Unreviewed, assessment.ReviewState);
        Assert.Null(assessment.LatestReview);
    }

    [Fact]
    public async Task ConfirmContestAndOverrideAreKeptInHistoryBesideTheComputedResult()
    {
        var tenant = await api.NewTenantAsync();
        var assessment = await tenant.ScreenOkAsync(Requests.EngagedProfessional());
        var path = $"/v1/assessments/{assessment.Id}";

        var confirmed = await (await tenant.PostAsync($"{path}/reviews", new JsonObject { ["reviewer"] = "r.dupont", ["decision"] = "confirmed", ["note"] = "Matches the portfolio." })).ReadAssessmentAsync();
        var contested = await (await tenant.PostAsync($"{path}/contest", new JsonObject { ["objection"] = "That account posts for my employer, not me." })).ReadAssessmentAsync();
        var overridden = await tenant.PostAsync($"{path}/reviews", new JsonObject { ["reviewer"] = "r.dupont", ["decision"] = "overridden", ["overrideBand"] = "weak", ["note"] = "Shared account." });
        var history = await (await tenant.Http.GetAsync($"{path}/reviews")).ReadAsync<ReviewList>();
        var reread = await tenant.GetAssessmentAsync(assessment.Id);

        Assert.Equal(ReviewState.Confirmed, confirmed.ReviewState);
        Assert.Equal("r.dupont", confirmed.LatestReview!.Reviewer);
        Assert.Equal(ReviewState.Contested, contested.ReviewState);
        Assert.Null(contested.LatestReview!.Reviewer);
        Assert.Equal(HttpStatusCode.Created, overridden.StatusCode);
        Assert.Equal(ReviewState.Overridden, reread.ReviewState);
        Assert.Equal(Band.Weak, reread.LatestReview!.OverrideBand);
        // The computed result stays as it was computed; the human decision sits beside it.
        TrustRequests.AssertSame(assessment, reread with { ReviewState = ReviewState.Unreviewed, LatestReview = null });
        Assert.Equal([ReviewState.Overridden, ReviewState.Contested, ReviewState.Confirmed], history.Items.Select(r => r.Decision));
        Assert.Equal("That account posts for my employer, not me.", history.Items[1].Note);
    }

    [Theory]
    [InlineData("overridden", null, "overrideBand")]
    [InlineData("confirmed", "strong", "overrideBand")]
    [InlineData("overridden", "unknown", "overrideBand")]
    [InlineData("approved", null, "decision")]
    public async Task InconsistentReviewsAreRefused(string decision, string? band, string errorKey)
    {
        var tenant = await api.NewTenantAsync();
        var assessment = await tenant.ScreenOkAsync(Requests.EngagedProfessional());
        var body = new JsonObject { ["reviewer"] = "r.dupont", ["decision"] = decision };
        if (band is not null)
        {
            body["overrideBand"] = band;
        }

        var response = await tenant.PostAsync($"/v1/assessments/{assessment.Id}/reviews", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(errorKey, (await response.ReadAsync<JsonObject>())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(ReviewState.Unreviewed, (await tenant.GetAssessmentAsync(assessment.Id)).ReviewState);
    }

    [Fact]
    public async Task AnotherTenantCanNeitherReviewNorContestNorReadReviews()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var assessment = await tenant.ScreenOkAsync(Requests.EngagedProfessional());

        var review = await other.PostAsync($"/v1/assessments/{assessment.Id}/reviews", new JsonObject { ["reviewer"] = "x", ["decision"] = "confirmed" });
        var contest = await other.PostAsync($"/v1/assessments/{assessment.Id}/contest", new JsonObject { ["objection"] = "no" });
        var history = await other.Http.GetAsync($"/v1/assessments/{assessment.Id}/reviews");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { review.StatusCode, contest.StatusCode, history.StatusCode });
        Assert.Equal(ReviewState.Unreviewed, (await tenant.GetAssessmentAsync(assessment.Id)).ReviewState);
    }
}
