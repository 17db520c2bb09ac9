using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Privacy;
using RecruitSignal.Reviews;

namespace RecruitSignal.Tests.Integration.Trust;

[Collection(ApiTestGroup.Name)]
public sealed class PrivacyTests(ApiFixture api)
{
    [Fact]
    public async Task ExportHoldsEverythingAboutTheCandidateAndNothingOfAnother()
    {
        var tenant = await api.NewTenantAsync();
        var mine = Person.Unique();
        var other = Person.Unique();
        var first = await tenant.ScreenOkAsync(mine.Screening());
        var second = await tenant.ScreenOkAsync(mine.Screening().With("evidence.replies", 1));
        await tenant.PostAsync($"/v1/assessments/{first.Id}/contest", new JsonObject { ["objection"] = "Not my account." });
        await tenant.PostAsync($"/v1/assessments/{first.Id}/reviews", new JsonObject { ["reviewer"] = "r", ["decision"] = "confirmed" });
        var theirs = await tenant.ScreenOkAsync(other.Screening());

        var response = await tenant.Http.GetAsync($"/v1/candidates/{first.CandidateId}/export");
        var text = await response.Content.ReadAsStringAsync();
        var export = await response.ReadAsync<CandidateExport>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((mine.ExternalId, mine.Name, mine.Email, mine.Handle), (export.Candidate.ExternalId, export.Candidate.FullName, export.Candidate.Email, export.Candidate.Handle));
        Assert.Equal([second.Evidence!.Id, first.Evidence!.Id], export.Observations.Select(o => o.Id));
        Assert.Equal([second.Id, first.Id], export.Assessments.Select(a => a.Id));
        Assert.Equal([ReviewState.Confirmed, ReviewState.Contested], export.Reviews.Select(r => r.Review.Decision));
        Assert.All(export.Reviews, r => Assert.Equal(first.Id, r.AssessmentId));
        Assert.Equal(
            [AuditAction.ScreeningCreated, AuditAction.ScreeningCreated, AuditAction.AssessmentContested, AuditAction.AssessmentReviewed, AuditAction.CandidateExported],
            export.AuditTrail.Select(e => e.Action));
        foreach (var foreign in other.Values.Append(theirs.Id.ToString()).Append(theirs.CandidateId.ToString()).Append(theirs.Evidence!.Id.ToString()))
        {
            Assert.DoesNotContain(foreign, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ErasureLeavesNoRowThatNamesTheCandidateInAnyTable()
    {
        var tenant = await api.NewTenantAsync();
        var person = Person.Unique();
        var kept = Person.Unique();
        await SubscribeToEventsAsync(tenant.TenantId); // so the outbox holds events that name the candidate
        var withKeyAndConsent = person.Screening().With("candidate.consent", new JsonObject { ["granted"] = true, ["noticeVersion"] = "n-1", ["method"] = "ats_form" });
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/v1/screenings") { Content = System.Net.Http.Json.JsonContent.Create(withKeyAndConsent) };
        keyed.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var first = await (await tenant.Http.SendAsync(keyed)).ReadAssessmentAsync();
        await tenant.ScreenOkAsync(person.Screening().With("evidence", null));
        await tenant.PostAsync($"/v1/assessments/{first.Id}/rescore");
        await tenant.PostAsync($"/v1/assessments/{first.Id}/contest", new JsonObject { ["objection"] = $"I object, {person.Name}." });
        await tenant.PostAsync($"/v1/assessments/{first.Id}/reviews", new JsonObject { ["reviewer"] = "r", ["decision"] = "overridden", ["overrideBand"] = "weak", ["note"] = person.Email });
        // The candidate answers an invitation on the candidate page: invitation, consent with its notice hash, claimed handle.
        var invited = await tenant.PostAsync($"/v1/candidates/{first.CandidateId}/invitations", new JsonObject { ["language"] = "fr", ["sendEmail"] = false });
        var link = new Uri((await invited.ReadAsync<RecruitSignal.Invitations.CreatedInvitation>()).Url).AbsolutePath;
        using (var page = new CandidatePages.PageSession(api.Factory.CreateClient().BaseAddress!.ToString()))
        {
            await page.GetAsync(link);
            Assert.Equal(HttpStatusCode.Redirect, (await page.PostAsync($"{link}/handle", "fr", [new("handle", person.Handle)])).StatusCode);
        }

        var keptAssessment = await tenant.ScreenOkAsync(kept.Screening());
        Assert.NotEmpty(await PlacesNamingAsync(person.Values));
        Assert.NotEmpty(await PlacesNamingAsync([first.CandidateId.ToString()]));

        var erased = await tenant.Http.DeleteAsync($"/v1/candidates/{first.CandidateId}");
        var again = await tenant.Http.DeleteAsync($"/v1/candidates/{first.CandidateId}");

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Empty(await PlacesNamingAsync(person.Values));
        // Only the service's own random id remains, in the tombstone, the audit log and the one change that tells a
        // syncing ATS the candidate is gone, linked to nothing else.
        Assert.Equal(["audit_log.target_id", "candidate_erasures.candidate_id", "changes.entity_id"], await PlacesNamingAsync([first.CandidateId.ToString()]));
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Http.GetAsync($"/v1/candidates/{first.CandidateId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Http.GetAsync($"/v1/assessments/{first.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Http.GetAsync(link.Replace("/c/", "/v1/invitations/", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(0, await Dapper.SqlMapper.ExecuteScalarAsync<long>(new NpgsqlConnection(api.ConnectionString),
            "select count(*) from candidate_invitations where candidate_id = @id", new { id = first.CandidateId }));
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.GetAsync($"/v1/assessments/{keptAssessment.Id}")).StatusCode);
        Assert.NotEmpty(await PlacesNamingAsync(kept.Values));
    }

    private async Task SubscribeToEventsAsync(Guid tenantId)
    {
        // Written directly: the shared test service refuses loopback receivers, and nothing is delivered here.
        await using var connection = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await Dapper.SqlMapper.ExecuteAsync(connection, """
            insert into webhook_subscriptions (tenant_id, id, url, events, signing_secret, created_at)
            values (@tenantId, @id, 'https://ats.example.com/hooks', '{assessment.created}', 'whsec_test', now())
            """, new { tenantId, id = Guid.CreateVersion7() });
    }

    [Fact]
    public async Task ErasureByExternalIdIsIdempotentAndAnotherTenantCannotErase()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var person = Person.Unique();
        var assessment = await tenant.ScreenOkAsync(person.Screening());

        var foreignById = await other.Http.DeleteAsync($"/v1/candidates/{assessment.CandidateId}");
        var foreignByExternalId = await other.Http.DeleteAsync($"/v1/candidates?externalId={person.ExternalId}");
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.GetAsync($"/v1/candidates/{assessment.CandidateId}")).StatusCode);
        var erased = await tenant.Http.DeleteAsync($"/v1/candidates?externalId={person.ExternalId}");
        var again = await tenant.Http.DeleteAsync($"/v1/candidates?externalId={person.ExternalId}");
        var missing = await tenant.Http.DeleteAsync("/v1/candidates");
        var neverKnown = await tenant.Http.DeleteAsync($"/v1/candidates/{Guid.CreateVersion7()}");

        Assert.Equal(HttpStatusCode.NotFound, foreignById.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, foreignByExternalId.StatusCode);
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent], new[] { erased.StatusCode, again.StatusCode });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, neverKnown.StatusCode);
        Assert.Equal(0, await tenant.TotalRowsAsync());
    }

    /// <summary>
    /// Every "table.column" of the public schema (text, uuid, jsonb and array columns alike, including
    /// tables added by later migrations) whose value contains any of the given strings.
    /// </summary>
    private async Task<List<string>> PlacesNamingAsync(IEnumerable<string> values)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        var columns = await connection.QueryAsync<(string Table, string Column, string Type)>("""
            select c.table_name, c.column_name, c.data_type from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
              and c.data_type in ('text', 'character varying', 'uuid', 'jsonb', 'json', 'ARRAY', 'bytea')
            order by 1, 2
            """);
        var patterns = values.Select(v => $"%{v}%").ToArray();
        var places = new List<string>();
        foreach (var (table, column, type) in columns)
        {
            // bytea (stored idempotent answers) is searched as bytes: it may hold non-UTF-8 data such as hashes.
            var sql = type == "bytea"
                ? $"select exists (select 1 from \"{table}\", unnest(@values) v where position(convert_to(v, 'UTF8') in \"{column}\") > 0)"
                : $"select exists (select 1 from \"{table}\" where \"{column}\"::text ilike any(@patterns))";
            if (await connection.ExecuteScalarAsync<bool>(sql, new { patterns, values = values.ToArray() }))
            {
                places.Add($"{table}.{column}");
            }
        }

        return places;
    }

    private sealed record Person(string ExternalId, string Name, string Email, string Handle)
    {
        public static Person Unique()
        {
            var token = Guid.NewGuid().ToString("N");
            return new($"ext-{token}", $"Name {token}", $"{token}@example.com", $"h{token[..14]}");
        }

        public IEnumerable<string> Values => [ExternalId, Name, Email, Handle];

        public JsonObject Screening() => Requests.EngagedProfessional(ExternalId)
            .With("candidate.fullName", Name).With("candidate.email", Email).With("candidate.twitter", Handle);
    }
}
