using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using RecruitSignal.Screenings;
using RecruitSignal.Tests.Integration.Trust;

namespace RecruitSignal.Tests.Integration.Hardening;

/// <summary>
/// Issue 13, item 2: a NUL (PostgreSQL refuses it) and the other characters of the text rule are a 400 naming
/// the field, in every body field, query parameter and the Idempotency-Key; in a batch, only that item fails.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class CharacterTests(ApiFixture api)
{
    private const string Nul = "a\u0000b";

    public static TheoryData<string> ScreeningTextFields =>
    [
        "candidate.externalId", "candidate.fullName", "candidate.email", "candidate.headline", "candidate.twitter",
        "job.externalId", "job.title", "evidence.source", "evidence.status", "evidence.bio", "policyVersion",
    ];

    [Theory]
    [MemberData(nameof(ScreeningTextFields))]
    public async Task ANulInAnyTextFieldOfAScreeningIsRefusedNamingTheField(string field)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.ScreenAsync(Requests.EngagedProfessional().With(field, Nul));

        await response.AssertRefusedNamingAsync(field);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Theory]
    [InlineData("candidate.links", "candidate.links[1]")]
    [InlineData("job.keywords", "job.keywords[1]")]
    public async Task ANulInAListOfTextIsRefusedNamingTheItem(string field, string item)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.ScreenAsync(Requests.EngagedProfessional().With(field, new JsonArray("fine", Nul)));

        await response.AssertRefusedNamingAsync(item);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Theory]
    [InlineData("method")]
    [InlineData("noticeVersion")]
    public async Task ANulInTheConsentOfAScreeningIsRefusedNamingTheField(string field)
    {
        var tenant = await api.NewTenantAsync();
        var consent = new JsonObject { ["granted"] = true, ["noticeVersion"] = "notice-1", ["method"] = "ats_form" };
        consent[field] = Nul;

        var response = await tenant.ScreenAsync(Requests.EngagedProfessional().With("candidate.consent", consent));

        await response.AssertRefusedNamingAsync($"candidate.consent.{field}");
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Fact]
    public async Task ANulInTheBodiesOfTheOtherEndpointsIsRefusedNamingTheField()
    {
        var tenant = await api.NewTenantAsync();
        var assessment = await tenant.ScreenOkAsync(Requests.EngagedProfessional());
        var before = await tenant.TotalRowsAsync();

        (string Method, string Path, JsonObject Body, string Field)[] calls =
        [
            ("POST", $"/v1/candidates/{assessment.CandidateId}/consent", new() { ["granted"] = false, ["method"] = Nul }, "method"),
            ("POST", $"/v1/assessments/{assessment.Id}/reviews", new() { ["reviewer"] = Nul, ["decision"] = "confirmed" }, "reviewer"),
            ("POST", $"/v1/assessments/{assessment.Id}/reviews", new() { ["reviewer"] = "r", ["decision"] = "confirmed", ["note"] = Nul }, "note"),
            ("POST", $"/v1/assessments/{assessment.Id}/contest", new() { ["objection"] = Nul }, "objection"),
            ("POST", $"/v1/assessments/{assessment.Id}/rescore", new() { ["policyVersion"] = Nul }, "policyVersion"),
            ("POST", "/v1/rescoring-jobs", new() { ["policyVersion"] = Nul }, "policyVersion"),
            ("POST", "/v1/policies", TrustRequests.Policy("p").With("name", Nul), "name"),
            ("PUT", "/v1/policies/active", new() { ["version"] = Nul }, "version"),
            ("POST", "/v1/webhooks", new() { ["url"] = $"https://hooks.example.com/{Nul}", ["events"] = new JsonArray("assessment.created") }, "url"),
            ("POST", "/v1/webhooks", new() { ["url"] = "https://hooks.example.com/", ["events"] = new JsonArray(Nul) }, "events[0]"),
        ];
        foreach (var (method, path, body, field) in calls)
        {
            var response = await tenant.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(body) });
            await response.AssertRefusedNamingAsync(field);
        }

        Assert.Equal(before, await tenant.TotalRowsAsync());
    }

    [Theory]
    [InlineData("/v1/assessments?externalId=a%00b", "externalId")]
    [InlineData("/v1/assessments?band=strong%00", "band")]
    [InlineData("/v1/assessments?cursor=%00", "cursor")]
    [InlineData("/v1/candidates?externalId=%00", "externalId")]
    [InlineData("/v1/candidates?externalId=a%E2%80%AEb", "externalId")]
    [InlineData("/v1/audit?limit=%01", "limit")]
    public async Task AQueryParameterBreakingTheRuleIsRefusedNamingIt(string path, string field)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.Http.GetAsync(path);

        await response.AssertRefusedNamingAsync(field);
    }

    [Fact]
    public async Task EraseByAnExternalIdHoldingANulIsRefusedAndErasesNothing()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.ScreenOkAsync(Requests.EngagedProfessional("keep"));
        var before = await tenant.TotalRowsAsync();

        var response = await tenant.Http.DeleteAsync("/v1/candidates?externalId=keep%00");

        await response.AssertRefusedNamingAsync("externalId");
        Assert.Equal(before, await tenant.TotalRowsAsync());
    }

    [Theory]
    [InlineData("/v1/assessments?limit=abc", "limit")]
    [InlineData("/v1/assessments?limit=99999999999", "limit")]
    [InlineData("/v1/assessments?active=maybe", "active")]
    [InlineData("/v1/assessments?createdAfter=yesterday", "createdAfter")]
    [InlineData("/v1/candidates?updatedAfter=9999-12-31T23:59:59-05:00", "updatedAfter")]
    [InlineData("/v1/audit?after=1.5", "after")]
    public async Task AQueryParameterOfTheWrongTypeIsRefusedNamingIt(string path, string field)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.Http.GetAsync(path);

        await response.AssertRefusedNamingAsync(field);
    }

    [Theory]
    [InlineData("key\u0001")]
    [InlineData("\u007f")]
    public async Task AnIdempotencyKeyWithAControlCharacterIsRefusedNamingTheHeader(string key)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.PostWithKeyAsync("/v1/screenings", Requests.EngagedProfessional(), key);

        await response.AssertRefusedNamingAsync("Idempotency-Key");
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    // HttpClient will not send a NUL in a header, so the request is written by hand. Kestrel refuses it itself,
    // before the application runs (400, empty body): other control characters reach the filter, as above.
    [Fact]
    public async Task ANulInTheIdempotencyKeyHeaderIsRefusedWith400AndWritesNothing()
    {
        var tenant = await api.NewTenantAsync();
        var key = tenant.Http.DefaultRequestHeaders.Authorization!.Parameter;
        var body = Encoding.UTF8.GetBytes(Requests.EngagedProfessional().ToJsonString());
        var head = $"POST /v1/screenings HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\nIdempotency-Key: a\u0000b\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, tenant.Http.BaseAddress!.Port);
        var stream = socket.GetStream();

        await stream.WriteAsync(Encoding.Latin1.GetBytes(head));
        await stream.WriteAsync(body);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Fact]
    public async Task ANulInOneBatchItemFailsThatItemOnlyAndTheOthersAreStored()
    {
        var tenant = await api.NewTenantAsync();
        var batch = new JsonObject
        {
            ["items"] = new JsonArray(
                Requests.EngagedProfessional("b-0"),
                Requests.EngagedProfessional("b-1").With("candidate.fullName", Nul),
                Requests.EngagedProfessional("b-2").With("evidence.bio", "line one\nline two\u202e")),
        };

        var response = await tenant.Http.PostAsJsonAsync("/v1/screenings/batch", batch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadAsync<BatchScreeningResponse>();
        Assert.Equal((1, 2), (answer.Stored, answer.Rejected));
        Assert.Equal(["candidate.fullName"], answer.Items[1].Problem!.Errors.Keys);
        Assert.Equal(["evidence.bio"], answer.Items[2].Problem!.Errors.Keys);
        Assert.Equal(1, (await api.RowCountsAsync(tenant.TenantId))["candidates"]);
    }

    [Theory]
    [InlineData("candidate.fullName", "Camille\u202eMartin")]
    [InlineData("candidate.fullName", "Camille\u200bMartin")]
    [InlineData("candidate.fullName", "Camille\tMartin")]
    [InlineData("candidate.fullName", "Camille\u0085Martin")]
    [InlineData("candidate.headline", "Platform\u2066engineer\u2069")]
    [InlineData("candidate.headline", "Platform engineer\u200e")]
    [InlineData("candidate.externalId", "\ufeffats-1")]
    [InlineData("candidate.twitter", "camille\u00ad_m")]
    [InlineData("job.title", "Senior\nPlatform Engineer")]
    [InlineData("evidence.bio", "Kubernetes\u0000")]
    [InlineData("evidence.bio", "Kubernetes\ufffe")]
    public async Task ControlInvisibleAndBidiCharactersAreRefusedNotStripped(string field, string value)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.ScreenAsync(Requests.EngagedProfessional().With(field, value));

        await response.AssertRefusedNamingAsync(field);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Theory]
    [InlineData("candidate.fullName", "\u0645\u06cc\u200c\u0631\u0648\u0645")]
    [InlineData("candidate.fullName", "Camille \U0001F469\u200D\U0001F4BB Martin")]
    [InlineData("evidence.bio", "Kubernetes.\r\n\tObservability.")]
    public async Task JoinersEmojiAndLineBreaksInMultiLineTextAreKeptAsSent(string field, string value)
    {
        var tenant = await api.NewTenantAsync();

        var response = await tenant.ScreenAsync(Requests.EngagedProfessional().With(field, value));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        if (field == "candidate.fullName")
        {
            var candidate = await (await tenant.Http.GetAsync($"/v1/candidates/{(await response.ReadAssessmentAsync()).CandidateId}")).ReadAsync<JsonObject>();
            Assert.Equal(value, (string?)candidate["fullName"]);
        }
    }

    [Fact]
    public async Task ALoneSurrogateEscapedInJsonIsRefusedNamingTheField()
    {
        var tenant = await api.NewTenantAsync();
        var json = Requests.EngagedProfessional().ToJsonString().Replace("Camille Martin", "Camille \\ud800Martin", StringComparison.Ordinal);

        var response = await tenant.PostRawAsync("/v1/screenings", json);

        await response.AssertRefusedNamingAsync("candidate.fullName");
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    [Fact]
    public async Task TheOpenApiDocumentStatesTheRuleOnEveryRequestTextFieldAndOnNoResponseField()
    {
        var schemas = JsonNode.Parse(await api.Factory.CreateClient().GetStringAsync("/openapi/v1.json"))!["components"]!["schemas"]!;

        string Description(string schema, string property) => (string?)schemas[schema]!["properties"]![property]!["description"] ?? "";

        Assert.Contains("invisible formatting characters", Description("CandidateProfile", "fullName"), StringComparison.Ordinal);
        Assert.Contains("a single line", Description("CandidateProfile", "externalId"), StringComparison.Ordinal);
        Assert.Contains("invisible formatting characters", Description("CandidateProfile", "links"), StringComparison.Ordinal);
        Assert.Contains("line breaks are allowed", Description("DeclaredEvidence", "bio"), StringComparison.Ordinal);
        Assert.Contains("invisible formatting characters", Description("ConsentRequest", "method"), StringComparison.Ordinal);
        Assert.Contains("line breaks are allowed", Description("ContestRequest", "objection"), StringComparison.Ordinal);
        Assert.DoesNotContain("invisible formatting characters", Description("AssessmentResponse", "externalId"), StringComparison.Ordinal);
    }
}
