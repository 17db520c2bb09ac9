using System.Net;
using Dapper;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Integration;

[Collection(ApiTestGroup.Name)]
public sealed class ScreeningTests(ApiFixture api)
{
    [Fact]
    public async Task EngagedProfessionalWithRecentRelevantPostsIsStrongAndActive()
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.ScreenAsync(Requests.EngagedProfessional());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var assessment = await response.ReadAssessmentAsync();
        Assert.Equal(PresenceTier.Engaged, assessment.PresenceTier);
        Assert.True(assessment.ActiveProfessionalPresence);
        Assert.Equal(Band.Strong, assessment.Band);
        Assert.InRange(assessment.Score!.Value, 70, 100);
        Assert.Equal(new AssessmentHandle("camille_m", HandleOwnership.Ats), assessment.Handle);
        Assert.Equal(ScoringPolicy.DefaultVersion, assessment.PolicyVersion);
        Assert.Contains(ReasonCodes.BioMatchesTerms, assessment.ReasonCodes);
        Assert.Equal(7, assessment.Factors.Count);
        Assert.All(assessment.Factors, f => Assert.False(string.IsNullOrWhiteSpace(f.Detail)));
        Assert.Equal(assessment.Score, (int)Math.Round(assessment.Factors.Sum(f => f.Points), MidpointRounding.AwayFromZero));
    }

    [Fact]
    public async Task ScreeningAnswersCreatedWithTheLocationOfTheStoredAssessment()
    {
        var tenant = await api.NewTenantAsync();

        var created = await tenant.ScreenAsync(Requests.EngagedProfessional());
        var body = await created.ReadAssessmentAsync();
        var fetched = await tenant.Http.GetAsync(created.Headers.Location);

        Assert.Equal($"/v1/assessments/{body.Id}", created.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(await created.Content.ReadAsStringAsync(), await fetched.Content.ReadAsStringAsync());
        Assert.Equal(new Dictionary<string, long> { ["candidates"] = 1, ["presence_observations"] = 1, ["assessments"] = 1 }, await api.RowCountsAsync(tenant.TenantId));
    }

    [Fact]
    public async Task RelayerIsNotActive()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With("evidence.originalPosts", 4).With("evidence.replies", 2)
            .With("evidence.reposts", 30).With("evidence.relevantOriginalPosts", 4);

        var assessment = await (await tenant.ScreenAsync(body)).ReadAssessmentAsync();

        Assert.Equal(PresenceTier.Relayer, assessment.PresenceTier);
        Assert.False(assessment.ActiveProfessionalPresence);
        Assert.Contains(ReasonCodes.MostlyReposts, assessment.ReasonCodes);
    }

    [Fact]
    public async Task CandidateWithoutHandleOrEvidenceIsAbsentWithScoreZero()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With("candidate.twitter", null).With("evidence", null);

        var response = await tenant.ScreenAsync(body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var assessment = await response.ReadAssessmentAsync();
        Assert.Equal(PresenceTier.Absent, assessment.PresenceTier);
        Assert.Equal(0, assessment.Score);
        Assert.Equal(Band.None, assessment.Band);
        Assert.False(assessment.ActiveProfessionalPresence);
        Assert.Equal([ReasonCodes.NoAccount, ReasonCodes.NoHandle], assessment.ReasonCodes);
        Assert.Null(assessment.Evidence);
    }

    [Fact]
    public async Task HandleThatXDoesNotKnowIsAbsent()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With("evidence", new System.Text.Json.Nodes.JsonObject { ["status"] = "not_found" });

        var assessment = await (await tenant.ScreenAsync(body)).ReadAssessmentAsync();

        Assert.Equal(PresenceTier.Absent, assessment.PresenceTier);
        Assert.Equal(0, assessment.Score);
        Assert.Contains(ReasonCodes.AccountNotFound, assessment.ReasonCodes);
        Assert.Equal(AccountStatus.NotFound, assessment.Evidence!.Status);
    }

    [Fact]
    public async Task HandleWithoutEvidenceIsUnverifiedWithNullScore()
    {
        var tenant = await api.NewTenantAsync();
        var body = Requests.EngagedProfessional().With("evidence", null);

        var assessment = await (await tenant.ScreenAsync(body)).ReadAssessmentAsync();

        Assert.Equal(PresenceTier.Unverified, assessment.PresenceTier);
        Assert.Null(assessment.Score);
        Assert.Equal(Band.Unknown, assessment.Band);
        Assert.Equal([ReasonCodes.NoEvidence], assessment.ReasonCodes);
        Assert.Equal(AssessmentStatus.Completed, assessment.Status);
    }

    [Fact]
    public async Task BioIsReducedToItsMatchedTermsAndNeverStored()
    {
        var tenant = await api.NewTenantAsync();
        const string marker = "Zanzibarite";
        var body = Requests.EngagedProfessional().With("evidence.bio", $"{marker} who loves Kubernetes");

        var assessment = await (await tenant.ScreenAsync(body)).ReadAssessmentAsync();

        Assert.Equal(["kubernetes"], assessment.Evidence!.BioMatchedTerms);
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        var rowsAsText = await connection.QueryAsync<string>("""
            select t::text from candidates t where tenant_id = @id
            union all select t::text from presence_observations t where tenant_id = @id
            union all select t::text from assessments t where tenant_id = @id
            """, new { id = tenant.TenantId });
        Assert.Equal(3, rowsAsText.Count());
        Assert.DoesNotContain(rowsAsText, row => row.Contains(marker, StringComparison.OrdinalIgnoreCase));
    }
}
