using System.Net;
using System.Text.Json.Nodes;
using RecruitSignal.Explanations;
using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Integration.Trust;

[Collection(ApiTestGroup.Name)]
public sealed class ExplanationTests(ApiFixture api)
{
    public static TheoryData<PresenceTier, string> TiersAndLanguages()
    {
        var data = new TheoryData<PresenceTier, string>();
        foreach (var tier in Enum.GetValues<PresenceTier>())
        {
            data.Add(tier, "en");
            data.Add(tier, "fr-FR");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TiersAndLanguages))]
    public async Task EveryTierIsExplainedInPlainEnglishAndFrenchWithoutInternalIds(PresenceTier tier, string acceptLanguage)
    {
        var tenant = await api.NewTenantAsync();
        var assessment = await tenant.ScreenOkAsync(BodyFor(tier));
        Assert.Equal(tier, assessment.PresenceTier);
        var language = acceptLanguage.StartsWith("fr", StringComparison.Ordinal) ? ExplanationLanguage.French : ExplanationLanguage.English;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/assessments/{assessment.Id}/explanation");
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        var response = await tenant.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var explanation = await response.ReadAsync<ExplanationResponse>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(language.Code, response.Content.Headers.ContentLanguage.Single());
        Assert.Equal(language.Code, explanation.Language);
        Assert.Equal(SummaryOf(tier, language), explanation.Summary);
        Assert.NotEmpty(explanation.HowItCounted);
        Assert.Equal(language.Rights, explanation.Rights);
        Assert.Equal(language.ReviewNone, explanation.Review);
        if (assessment.Score is { } score)
        {
            Assert.Contains(score.ToString(System.Globalization.CultureInfo.InvariantCulture), explanation.Result, StringComparison.Ordinal);
        }

        var forbidden = new[] { assessment.Id.ToString(), assessment.CandidateId.ToString(), assessment.PolicyVersion, "tier", "band", "factor", "policy" }
            .Concat(assessment.ReasonCodes)
            .Concat(assessment.Evidence is null ? [] : [assessment.Evidence.Id.ToString()]);
        Assert.All(forbidden, word => Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("de-DE, fr;q=0.8, en;q=0.5", "fr")]
    [InlineData("en-GB, fr;q=0.9", "en")]
    [InlineData("es", "en")]
    [InlineData("", "en")]
    public async Task TheLanguageFollowsAcceptLanguagePreferences(string acceptLanguage, string expected)
    {
        var tenant = await api.NewTenantAsync();
        var assessment = await tenant.ScreenOkAsync(Requests.EngagedProfessional());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/assessments/{assessment.Id}/explanation");
        if (acceptLanguage.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        var explanation = await (await tenant.Http.SendAsync(request)).ReadAsync<ExplanationResponse>();

        Assert.Equal(expected, explanation.Language);
    }

    [Fact]
    public async Task TheExplanationSaysWhatTheReviewerDecided()
    {
        var tenant = await api.NewTenantAsync();
        var assessment = await tenant.ScreenOkAsync(Requests.EngagedProfessional());
        await tenant.PostAsync($"/v1/assessments/{assessment.Id}/reviews", new JsonObject { ["reviewer"] = "r", ["decision"] = "overridden", ["overrideBand"] = "moderate" });

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/assessments/{assessment.Id}/explanation");
        request.Headers.AcceptLanguage.ParseAdd("fr");
        var explanation = await (await tenant.Http.SendAsync(request)).ReadAsync<ExplanationResponse>();

        Assert.Equal(ExplanationLanguage.French.ReviewOverridden("moyen"), explanation.Review);
    }

    private static JsonObject BodyFor(PresenceTier tier) => tier switch
    {
        PresenceTier.Absent => Requests.EngagedProfessional().With("candidate.twitter", null).With("evidence", null),
        PresenceTier.Unverified => Requests.EngagedProfessional().With("evidence", new JsonObject { ["status"] = "protected" }),
        PresenceTier.Passive => Requests.EngagedProfessional().With("evidence.originalPosts", 2).With("evidence.replies", 1)
            .With("evidence.reposts", 0).With("evidence.relevantOriginalPosts", 1),
        PresenceTier.Relayer => Requests.EngagedProfessional().With("evidence.originalPosts", 4).With("evidence.replies", 2)
            .With("evidence.reposts", 30).With("evidence.relevantOriginalPosts", 4),
        PresenceTier.Publisher => Requests.EngagedProfessional().With("evidence.replies", 0),
        _ => Requests.EngagedProfessional(),
    };

    private static string SummaryOf(PresenceTier tier, ExplanationLanguage language) => tier switch
    {
        PresenceTier.Absent => language.Absent,
        PresenceTier.Unverified => language.AccountProtected,
        PresenceTier.Passive => language.Passive,
        PresenceTier.Relayer => language.Relayer("X"),
        PresenceTier.Publisher => language.Publisher("X"),
        _ => language.Engaged("X"),
    };
}
