using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using RecruitSignal.Candidates;
using RecruitSignal.Screenings;

namespace RecruitSignal.Tests.Integration;

[Collection(ApiTestGroup.Name)]
public sealed class BatchScreeningTests(ApiFixture api)
{
    private static readonly int[] BadIndexes = [0, 417, 999];

    [Fact]
    public async Task BatchOfAThousandWithAFewInvalidItemsStoresExactlyTheValidOnes()
    {
        var tenant = await api.NewTenantAsync();
        var items = new JsonArray();
        for (var i = 0; i < 1000; i++)
        {
            items.Add(Requests.EngagedProfessional($"bulk-{i}"));
        }

        items[0]!.AsObject().With("evidence.replies", -1);
        items[417]!.AsObject().With("candidate.twitter", "https://x.com/home");
        items[999]!.AsObject().With("candidate.externalId", null);

        var response = await tenant.Http.PostAsJsonAsync("/v1/screenings/batch", new JsonObject { ["items"] = items });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var batch = await response.ReadAsync<BatchScreeningResponse>();
        Assert.Equal((997, 3), (batch.Stored, batch.Rejected));
        Assert.Equal(Enumerable.Range(0, 1000), batch.Items.Select(r => r.Index));
        Assert.Equal(BadIndexes, batch.Items.Where(r => r.Status == 400).Select(r => r.Index));
        Assert.Equal(["evidence.replies"], batch.Items[0].Problem!.Errors.Keys);
        Assert.Equal(["candidate.twitter"], batch.Items[417].Problem!.Errors.Keys);
        Assert.Equal(["candidate.externalId"], batch.Items[999].Problem!.Errors.Keys);
        Assert.All(batch.Items.Where(r => r.Status == 201), r => Assert.Equal($"bulk-{r.Index}", r.Assessment!.ExternalId));

        var counts = await api.RowCountsAsync(tenant.TenantId);
        Assert.Equal(new Dictionary<string, long> { ["candidates"] = 997, ["presence_observations"] = 997, ["assessments"] = 997 }, counts);
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        var stored = await connection.QueryAsync<string>(
            "select c.external_id from assessments a join candidates c on c.tenant_id = a.tenant_id and c.id = a.candidate_id where a.tenant_id = @id",
            new { id = tenant.TenantId });
        Assert.DoesNotContain("bulk-0", stored);
        Assert.DoesNotContain("bulk-417", stored);

        var one = batch.Items[5].Assessment!;
        var fetched = await (await tenant.Http.GetAsync($"/v1/assessments/{one.Id}")).ReadAssessmentAsync();
        Assert.Equal((one.Score, one.Band, one.CandidateId), (fetched.Score, fetched.Band, fetched.CandidateId));
    }

    [Fact]
    public async Task DuplicateExternalIdsInOneBatchAreOneCandidateWithTheLastProfileAndAnAssessmentEach()
    {
        var tenant = await api.NewTenantAsync();
        var items = new JsonArray(
            Requests.EngagedProfessional("dup").With("candidate.fullName", "First Name"),
            Requests.EngagedProfessional("other"),
            Requests.EngagedProfessional("dup").With("candidate.fullName", "Last Name").With("evidence", null));

        var batch = await (await tenant.Http.PostAsJsonAsync("/v1/screenings/batch", new JsonObject { ["items"] = items })).ReadAsync<BatchScreeningResponse>();

        Assert.Equal(3, batch.Stored);
        Assert.Equal(batch.Items[0].Assessment!.CandidateId, batch.Items[2].Assessment!.CandidateId);
        Assert.NotEqual(batch.Items[0].Assessment!.Id, batch.Items[2].Assessment!.Id);
        var candidate = await (await tenant.Http.GetAsync($"/v1/candidates/{batch.Items[0].Assessment!.CandidateId}")).ReadAsync<CandidateResponse>();
        Assert.Equal("Last Name", candidate.FullName);
        Assert.Equal(new Dictionary<string, long> { ["candidates"] = 2, ["presence_observations"] = 2, ["assessments"] = 3 },
            await api.RowCountsAsync(tenant.TenantId));
    }

    [Fact]
    public async Task BatchUpdatesCandidatesAlreadyKnown()
    {
        var tenant = await api.NewTenantAsync();
        var single = await (await tenant.ScreenAsync(Requests.EngagedProfessional("known"))).ReadAssessmentAsync();

        var batch = await (await tenant.Http.PostAsJsonAsync("/v1/screenings/batch",
            new JsonObject { ["items"] = new JsonArray(Requests.EngagedProfessional("known")) })).ReadAsync<BatchScreeningResponse>();

        Assert.Equal(single.CandidateId, batch.Items[0].Assessment!.CandidateId);
        Assert.Equal(1, (await api.RowCountsAsync(tenant.TenantId))["candidates"]);
    }

    [Fact]
    public async Task MoreItemsThanTheCapIs413AndWritesNothing()
    {
        var tenant = await api.NewTenantAsync();
        var items = new JsonArray();
        for (var i = 0; i < 1001; i++)
        {
            items.Add(new JsonObject { ["candidate"] = new JsonObject { ["externalId"] = $"x-{i}" } });
        }

        var response = await tenant.Http.PostAsJsonAsync("/v1/screenings/batch", new JsonObject { ["items"] = items });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Fact]
    public async Task EmptyBatchIsAValidationProblem()
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.Http.PostAsJsonAsync("/v1/screenings/batch", new JsonObject { ["items"] = new JsonArray() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("items", (await response.ReadAsync<Microsoft.AspNetCore.Http.HttpValidationProblemDetails>()).Errors.Keys);
    }

    [Fact]
    public async Task BodyOverTheBatchCapIs413()
    {
        var tenant = await api.NewTenantAsync();
        var padding = new string(' ', 4 * 1024 * 1024 + 1);

        // Expect: 100-continue lets the service refuse the body before the client sends all of it.
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/screenings/batch")
        {
            Content = new StringContent("{\"items\": []" + padding + "}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;

        var response = await tenant.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("4096 KiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
