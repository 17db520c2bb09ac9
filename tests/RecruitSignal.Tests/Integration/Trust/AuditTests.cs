using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Database;
using RecruitSignal.Tenants;
using RecruitSignal.Trust;

namespace RecruitSignal.Tests.Integration.Trust;

[Collection(ApiTestGroup.Name)]
public sealed class AuditTests(ApiFixture api)
{
    [Fact]
    public async Task EachActionIsRecordedWithItsKeyAndTargetAndNoPersonalData()
    {
        var tenant = await api.NewTenantAsync();
        var assessment = await tenant.ScreenOkAsync(Requests.EngagedProfessional());
        var path = $"/v1/assessments/{assessment.Id}";
        await tenant.PostAsync($"{path}/reviews", new JsonObject { ["reviewer"] = "r.dupont", ["decision"] = "confirmed" });
        await tenant.PostAsync($"{path}/contest", new JsonObject { ["objection"] = "Camille objects." });
        var version = await tenant.CreatePolicyAsync(TrustRequests.Policy("audited"));
        await tenant.Http.PutAsJsonAsync("/v1/policies/active", new { version });
        await tenant.Http.GetAsync($"/v1/candidates/{assessment.CandidateId}/export");
        await tenant.Http.DeleteAsync($"/v1/candidates/{assessment.CandidateId}");

        var firstPage = await tenant.Http.GetAsync("/v1/audit?limit=4");
        var page = await firstPage.ReadAsync<AuditPage>();
        var rest = await (await tenant.Http.GetAsync($"/v1/audit?after={page.Next}")).ReadAsync<AuditPage>();
        var entries = page.Items.Concat(rest.Items).ToList();

        Assert.Equal(
            [AuditAction.ScreeningCreated, AuditAction.AssessmentReviewed, AuditAction.AssessmentContested, AuditAction.PolicyCreated,
             AuditAction.ActivePolicyChanged, AuditAction.CandidateExported, AuditAction.CandidateErased],
            entries.Select(e => e.Action));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), entries.Select(e => e.Seq));
        Assert.Equal(4, page.Next);
        Assert.Null(rest.Next);
        Assert.Equal([assessment.Id.ToString(), version, assessment.CandidateId.ToString()], entries.Where((_, i) => i is 0 or 3 or 6).Select(e => e.TargetId));
        Assert.Single(entries.Select(e => e.ApiKeyId).Distinct());
        Assert.NotNull(entries[0].ApiKeyId);
        Assert.Equal(new string('0', 64), entries[0].PrevHash);
        Assert.All(entries.Skip(1), (e, i) => Assert.Equal(entries[i].Hash, e.PrevHash));
        var text = await firstPage.Content.ReadAsStringAsync();
        Assert.All(new[] { "Camille", "camille", "ats-1", "r.dupont", "objects" }, word => Assert.DoesNotContain(word, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheDatabaseRefusesToChangeDeleteOrTruncateAuditEntries()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.ScreenOkAsync(Requests.EngagedProfessional());
        await using var connection = new NpgsqlConnection(api.ConnectionString);

        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync("update audit_log set action = 'nothing' where tenant_id = @id", new { id = tenant.TenantId }));
        var delete = await Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync("delete from audit_log where tenant_id = @id", new { id = tenant.TenantId }));

        var truncate = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("truncate audit_log"));

        Assert.Equal(PostgresErrorCodes.RestrictViolation, update.SqlState);
        Assert.Equal(PostgresErrorCodes.RestrictViolation, delete.SqlState);
        Assert.Equal(PostgresErrorCodes.RestrictViolation, truncate.SqlState);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from audit_log where tenant_id = @id", new { id = tenant.TenantId }));
    }

    [Fact]
    public async Task ConcurrentRequestsOfOneTenantExtendTheChainWithoutForkingIt()
    {
        var tenant = await api.NewTenantAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => tenant.ScreenAsync(Requests.EngagedProfessional($"c-{i}"))));
        await api.Factory.Services.GetRequiredService<AuditSealer>().SealAsync(wait: true, CancellationToken.None);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var result = Assert.Single(await api.Factory.Services.GetRequiredService<AuditVerifier>().VerifyAsync(tenant.TenantId, CancellationToken.None));
        Assert.Equal((12L, (long?)null), (result.EntriesChecked, result.BrokenAtSeq));
    }

    [Fact]
    public async Task AuditVerifyNamesTheFirstEntryAlteredBehindTheDatabasesBack()
    {
        var tenant = await api.NewTenantAsync();
        var untouched = await api.NewTenantAsync();
        foreach (var externalId in new[] { "a", "b", "c" })
        {
            await tenant.ScreenOkAsync(Requests.EngagedProfessional(externalId));
            await untouched.ScreenOkAsync(Requests.EngagedProfessional(externalId));
        }

        Assert.Equal(0, await VerifyCommandAsync(tenant.TenantId));
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync("alter table audit_log disable trigger audit_log_append_only", transaction: transaction);
            await connection.ExecuteAsync(
                "update audit_log set target_id = @other where tenant_id = @id and seq = 2",
                new { id = tenant.TenantId, other = Guid.CreateVersion7().ToString() }, transaction);
            await connection.ExecuteAsync("alter table audit_log enable trigger audit_log_append_only", transaction: transaction);
            await transaction.CommitAsync();
        }

        var output = new StringWriter();
        var exitCode = await VerifyCommandAsync(tenant.TenantId, output);
        var results = await api.Factory.Services.GetRequiredService<AuditVerifier>().VerifyAsync(null, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Matches($@"Tenant {tenant.TenantId} \([^)]*\): BROKEN at entry 2", output.ToString());
        Assert.Equal(2, results.Single(r => r.TenantId == tenant.TenantId).BrokenAtSeq);
        Assert.Null(results.Single(r => r.TenantId == untouched.TenantId).BrokenAtSeq);
    }

    /// <summary>Runs <c>audit verify --tenant ID</c> as the command line does, and returns its exit code.</summary>
    private async Task<int> VerifyCommandAsync(Guid tenantId, StringWriter? output = null)
    {
        string[] args = ["audit", "verify", "--tenant", tenantId.ToString()];
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration["ConnectionStrings:Postgres"] = api.ConnectionString;
        builder.AddDatabase();
        builder.AddTenants();
        builder.AddTrust();
        await using var app = builder.Build();
        var original = Console.Out;
        Console.SetOut(output ?? new StringWriter());
        try
        {
            return await CommandLine.RunAsync(app, args);
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
