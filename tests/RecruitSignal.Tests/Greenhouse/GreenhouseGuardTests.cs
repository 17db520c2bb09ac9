using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RecruitSignal.Tests.CandidatePages;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Greenhouse;

/// <summary>What the Greenhouse endpoints refuse: wrong keys, other tenants' interviews, foreign callback hosts, bad input. Nothing is written.</summary>
[Collection(CandidatePagesGroup.Name)]
public sealed class GreenhouseGuardTests(CandidatePagesFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    [Fact]
    public async Task AMissingWrongOrUnscopedKeyAnswers401WithABasicChallenge()
    {
        var (_, admin, key) = await H.TenantAsync();
        var readOnly = (string)(await (await admin.PostAsJsonAsync("/v1/keys", new JsonObject { ["name"] = "reader", ["scopes"] = new JsonArray("read") }))
            .ReadAsync<JsonObject>())["key"]!;
        using var http = new HttpClient(new Contract.ContractCheckingHandler { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri(H.BaseUrl) };

        var answers = new List<HttpResponseMessage>();
        foreach (var authorization in new AuthenticationHeaderValue?[]
        {
            null,
            FakeGreenhouse.Basic("rs_nothing1_" + new string('x', 40)),
            FakeGreenhouse.Basic(readOnly),
            new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":a-password"))),
            new("Bearer", key),
            new("Basic", "%%% not base64 %%%"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/integrations/greenhouse/list_tests") { Headers = { Authorization = authorization } };
            answers.Add(await http.SendAsync(request));
        }

        var good = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/integrations/greenhouse/list_tests") { Headers = { Authorization = FakeGreenhouse.Basic(key) } });
        var basicOnV1 = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/keys") { Headers = { Authorization = FakeGreenhouse.Basic(key) } });

        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Equal("Basic realm=\"RecruitSignal\", charset=\"UTF-8\"", answer.Headers.WwwAuthenticate.ToString());
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        });
        Assert.Contains("'greenhouse' scope", await answers[2].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, basicOnV1.StatusCode);
        Assert.Equal("Bearer", basicOnV1.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task WrongBasicKeysFromOneAddressAreThrottledWithWrongBearerKeys()
    {
        var server = new PostgresServer();
        await server.InitializeAsync();
        var limited = await CandidatePagesHarness.StartAsync(server, background: false, extra: new Dictionary<string, string?>
        {
            ["Authentication:FailuresPerClient"] = "3",
        });
        try
        {
            var (_, bearer, key) = await limited.TenantAsync();
            await using var gh = await FakeGreenhouse.StartAsync(limited.BaseUrl);
            var wrong = "rs_wrongkey_" + new string('x', 40);

            var answers = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
            {
                answers.Add((await gh.ListTestsAsync(wrong)).StatusCode);
            }

            var rightKeyMeanwhile = await gh.ListTestsAsync(key);
            var bearerMeanwhile = await bearer.GetAsync("/v1/keys");

            Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
            Assert.Equal(HttpStatusCode.TooManyRequests, rightKeyMeanwhile.StatusCode);
            Assert.NotNull(rightKeyMeanwhile.Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.TooManyRequests, bearerMeanwhile.StatusCode);
        }
        finally
        {
            await limited.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnotherTenantsKeySeesNeitherItsInterviewsNorItsTests()
    {
        var (_, ownerAdmin, key) = await H.TenantAsync("Owner");
        var (_, _, otherKey) = await H.TenantAsync("Other");
        Assert.Equal(HttpStatusCode.Created, (await ownerAdmin.PostAsJsonAsync("/v1/policies", Integration.Trust.TrustRequests.Policy("gentle"))).StatusCode);
        await using var gh = await FakeGreenhouse.StartAsync(H.BaseUrl);
        var interviewId = await (await gh.SendTestAsync(key, "gentle@1", gh.NewTest(key), GreenhouseSteps.NewEmail(), GreenhouseSteps.NewPersonId())).InterviewIdAsync();

        var mine = await gh.TestStatusAsync(key, interviewId);
        var theirs = await gh.TestStatusAsync(otherKey, interviewId);
        var unknown = await gh.TestStatusAsync(key, Guid.CreateVersion7().ToString());
        var notAnId = await gh.TestStatusAsync(key, "299506");
        var missing = await gh.TestStatusAsync(key, "");
        var otherTests = await (await gh.ListTestsAsync(otherKey)).ReadAsync<JsonArray>();
        var usingTheirPolicy = await gh.SendTestAsync(otherKey, "gentle@1", gh.NewTest(otherKey), GreenhouseSteps.NewEmail(), GreenhouseSteps.NewPersonId());

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { theirs.StatusCode, unknown.StatusCode, notAnId.StatusCode });
        Assert.Equal("application/problem+json", theirs.Content.Headers.ContentType?.MediaType);
        Assert.Equal((string?)(await unknown.ReadAsync<JsonObject>())["title"], (string?)(await theirs.ReadAsync<JsonObject>())["title"]);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.NotNull((await missing.ReadAsync<JsonObject>())["errors"]!["partner_interview_id"]);
        Assert.Equal(["default@1", "default@2"], otherTests.Select(t => (string?)t!["partner_test_id"]));
        Assert.Equal(HttpStatusCode.BadRequest, usingTheirPolicy.StatusCode);
        Assert.NotNull((await usingTheirPolicy.ReadAsync<JsonObject>())["errors"]!["partner_test_id"]);
    }

    [Fact]
    public async Task ACallbackUrlOnAHostNotAllowedIsRefusedAtSendTestAndNothingIsWritten()
    {
        var (tenantId, _, key) = await H.TenantAsync();
        await using var gh = await FakeGreenhouse.StartAsync(H.BaseUrl);
        var rows = await H.RowsAsync(tenantId);
        var email = GreenhouseSteps.NewEmail();

        var answers = new List<(HttpResponseMessage Response, string Field)>();
        foreach (var url in new[]
        {
            "https://evil.example.com/integrations/testing_partners/take_home_tests/1",
            "https://app.greenhouse.io.evil.example.com/take_home_tests/1",
            "http://localhost:80/take_home_tests/1",
            "ftp://127.0.0.1/take_home_tests/1",
            "not a url",
        })
        {
            answers.Add((await gh.SendTestAsync(key, "default@1", url, email, GreenhouseSteps.NewPersonId()), "url"));
        }

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, a.Response.StatusCode);
            Assert.NotNull(a.Response.ReadAsync<JsonObject>().GetAwaiter().GetResult()["errors"]![a.Field]);
        });
        Assert.Equal(rows, await H.RowsAsync(tenantId));
        Assert.Equal(0, H.EmailsTo(email));
    }

    [Fact]
    public async Task MalformedSendTestsAreRefusedWithAJsonErrorNamingTheFieldAndWriteNothing()
    {
        var (tenantId, _, key) = await H.TenantAsync();
        await using var gh = await FakeGreenhouse.StartAsync(H.BaseUrl);
        var url = gh.NewTest(key);
        var rows = await H.RowsAsync(tenantId);
        JsonObject Valid() => new()
        {
            ["partner_test_id"] = "default@1", ["url"] = url,
            ["candidate"] = new JsonObject
            {
                ["first_name"] = "Harry", ["last_name"] = "Potter", ["email"] = "hp@example.com",
                ["greenhouse_profile_url"] = "https://app.greenhouse.io/people/17681532?application_id=26234709",
            },
        };

        var cases = new (string Body, string ContentType, HttpStatusCode Status, string? Field)[]
        {
            (Valid().With("candidate.first_name", "Ha\u0000rry").ToJsonString(), "application/json", HttpStatusCode.BadRequest, "candidate.first_name"),
            (Valid().With("candidate.last_name", "Po\u202Etter").ToJsonString(), "application/json", HttpStatusCode.BadRequest, "candidate.last_name"),
            (Valid().With("candidate.first_name", 5).ToJsonString(), "application/json", HttpStatusCode.BadRequest, "candidate.first_name"),
            (Valid().With("candidate.greenhouse_profile_url", "https://app.greenhouse.io/jobs/4?x=1").ToJsonString(), "application/json", HttpStatusCode.BadRequest, "candidate.greenhouse_profile_url"),
            (Valid().With("candidate.email", null).ToJsonString(), "application/json", HttpStatusCode.BadRequest, "candidate.email"),
            (Valid().With("partner_test_id", "no-such-test@1").ToJsonString(), "application/json", HttpStatusCode.BadRequest, "partner_test_id"),
            (Valid().With("url", null).ToJsonString(), "application/json", HttpStatusCode.BadRequest, "url"),
            (Valid().With("candidate", null).ToJsonString(), "application/json", HttpStatusCode.BadRequest, "candidate"),
            (Valid().With("candidate.first_name", new string('a', 70_000)).ToJsonString(), "application/json", HttpStatusCode.RequestEntityTooLarge, null),
            (Valid().ToJsonString()[..40], "application/json", HttpStatusCode.BadRequest, null),
            (string.Concat(Enumerable.Repeat("{\"candidate\":", 40)) + "1" + new string('}', 40), "application/json", HttpStatusCode.BadRequest, null),
            (Valid().ToJsonString(), "text/plain", HttpStatusCode.UnsupportedMediaType, null),
            ("[1, 2]", "application/json", HttpStatusCode.BadRequest, null),
        };
        using var http = new HttpClient(new Contract.ContractCheckingHandler { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri(H.BaseUrl) };
        var answers = new List<(HttpResponseMessage Response, HttpStatusCode Expected, string? Field)>();
        foreach (var (body, contentType, status, field) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/integrations/greenhouse/send_test")
            {
                Headers = { Authorization = FakeGreenhouse.Basic(key) },
                Content = new StringContent(body, Encoding.UTF8, contentType),
            };
            var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            answers.Add((response, status, field));
        }

        Assert.All(answers, a =>
        {
            Assert.Equal(a.Expected, a.Response.StatusCode);
            Assert.Equal("application/problem+json", a.Response.Content.Headers.ContentType?.MediaType);
            if (a.Field is not null)
            {
                Assert.NotNull(a.Response.ReadAsync<JsonObject>().GetAwaiter().GetResult()["errors"]![a.Field]);
            }
        });
        Assert.Equal(rows, await H.RowsAsync(tenantId));
    }

    [Fact]
    public async Task AResponseErrorIsStoredWithIdsAsNumbersAndWithoutTheCandidatesEmail()
    {
        var (tenantId, admin, key) = await H.TenantAsync();
        await using var gh = await FakeGreenhouse.StartAsync(H.BaseUrl);
        var email = GreenhouseSteps.NewEmail();

        // Greenhouse's own example: the ids are numbers, and an error may quote the candidate's email.
        var reported = await gh.ResponseErrorAsync(key, new JsonObject
        {
            ["api_call"] = "test_status",
            ["errors"] = new JsonArray("partner_status is 'complete' but partner_profile url is missing", $"no result for {email}"),
            ["partner_test_id"] = 12345, ["partner_test_name"] = "Personality Test", ["partner_interview_id"] = 299506,
            ["candidate_email"] = email, ["request_id"] = "a property Greenhouse may add",
        });
        var listed = await (await admin.GetAsync("/v1/integrations/greenhouse/errors?limit=1")).ReadAsync<JsonObject>();
        var refused = await gh.ResponseErrorAsync(key, new JsonObject { ["api_call"] = "list_tests", ["errors"] = new JsonArray(true) });
        var bad = await gh.ResponseErrorAsync(key, new JsonObject { ["api_call"] = "list_tests" });

        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        Assert.Equal("""{"status":200}""", await reported.Content.ReadAsStringAsync());
        var item = listed["items"]![0]!;
        Assert.Equal(("test_status", "12345", "299506", "Personality Test"),
            ((string?)item["apiCall"], (string?)item["partnerTestId"], (string?)item["partnerInterviewId"], (string?)item["partnerTestName"]));
        Assert.Equal("no result for [candidate email]", (string?)item["errors"]![1]);
        Assert.Empty(await H.PlacesHoldingAsync(email));
        Assert.DoesNotContain(email, H.Logs.All, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(H.Logs.Lines, line => line.Contains("Greenhouse reported a malformed answer to test_status (interview 299506", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.ReadAsync<JsonObject>())["errors"]!["errors"]);
        Assert.Equal(1L, await H.ScalarAsync<long>("select count(*) from greenhouse_response_errors where tenant_id = @tenantId", new { tenantId }));
    }
}
