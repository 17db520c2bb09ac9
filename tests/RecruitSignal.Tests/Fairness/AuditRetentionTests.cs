using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Retention;
using RecruitSignal.Tests.Integration;
using RecruitSignal.Tests.Integration.Trust;

namespace RecruitSignal.Tests.Fairness;

[Collection(ApiTestGroup.Name)]
public sealed class AuditRetentionTests(ApiFixture api)
{
    [Fact]
    public async Task AuditEntriesAreKeptTenYearsByDefaultAndNeverUnderSixMonths()
    {
        var tenant = await api.NewTenantAsync();

        var initial = await (await tenant.Http.GetAsync("/v1/settings/retention")).ReadAsync<RetentionSettings>();
        var tooShort = await tenant.Http.PutAsJsonAsync("/v1/settings/retention", new { days = 730, auditDays = 182 });
        var set = await tenant.Http.PutAsJsonAsync("/v1/settings/retention", new { days = 730, auditDays = 183 });
        var candidatesOnly = await tenant.Http.PutAsJsonAsync("/v1/settings/retention", new { days = 365 });
        var after = await (await tenant.Http.GetAsync("/v1/settings/retention")).ReadAsync<RetentionSettings>();

        Assert.Equal((730, 3650), (initial.Days, initial.AuditDays));
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("Art 19", (string)(await tooShort.ReadAsync<JsonObject>())["errors"]!["auditDays"]![0]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.OK, candidatesOnly.StatusCode);
        Assert.Equal((365, 183), (after.Days, after.AuditDays));
    }

    [Fact]
    public async Task EntriesPastTheAuditPeriodArePurgedAndTheChainStillVerifiesFromItsAnchor()
    {
        // A database of its own: the job purges every tenant, and here it runs 184 days ahead.
        var (factory, connectionString) = await RetentionTests.OwnServiceAsync(api);
        await using var _ = factory;
        var shortKeeper = await RescoringTests.NewTenantAsync(factory);
        var defaultKeeper = await RescoringTests.NewTenantAsync(factory);
        await shortKeeper.Http.PutAsJsonAsync("/v1/settings/retention", new { days = 730, auditDays = 183 });
        foreach (var externalId in new[] { "a", "b", "c" })
        {
            await shortKeeper.ScreenOkAsync(Requests.EngagedProfessional(externalId));
            await defaultKeeper.ScreenOkAsync(Requests.EngagedProfessional(externalId));
        }

        var sealer = factory.Services.GetRequiredService<AuditSealer>();
        var verifier = factory.Services.GetRequiredService<AuditVerifier>();
        await sealer.SealAsync(wait: true, CancellationToken.None);
        var job = ActivatorUtilities.CreateInstance<RetentionJob>(factory.Services, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var purgedToday = await job.PurgeAuditAsync(CancellationToken.None);
        var later = ActivatorUtilities.CreateInstance<RetentionJob>(factory.Services, new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(184)));
        var purgedLater = await later.PurgeAuditAsync(CancellationToken.None);
        await shortKeeper.ScreenOkAsync(Requests.EngagedProfessional("d"));
        var page = await (await shortKeeper.Http.GetAsync("/v1/audit")).ReadAsync<AuditPage>();
        var results = (await verifier.VerifyAsync(null, CancellationToken.None)).ToDictionary(r => r.TenantId);
        await using var connection = new NpgsqlConnection(connectionString);
        var aboveAnchor = await Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync("delete from audit_log where tenant_id = @id", new { id = shortKeeper.TenantId }));
        var anchorBack = await Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync("update audit_anchors set seq = 1 where tenant_id = @id", new { id = shortKeeper.TenantId }));

        // retention_changed and three screenings: the first three go, the head (entry 4) stays for the sealer to extend.
        Assert.Equal((0L, 3L), (purgedToday, purgedLater));
        Assert.Equal([4L, 5L, 6L], page.Items.Select(e => e.Seq));
        Assert.Equal((AuditAction.AuditEntriesPurged, AuditTarget.AuditLog, "3"), (page.Items[1].Action, page.Items[1].TargetType, page.Items[1].TargetId));
        Assert.Equal((3L, (long?)null, 3L), (results[shortKeeper.TenantId].EntriesChecked, results[shortKeeper.TenantId].BrokenAtSeq, results[shortKeeper.TenantId].PurgedThrough));
        Assert.Equal((3L, (long?)null, 0L), (results[defaultKeeper.TenantId].EntriesChecked, results[defaultKeeper.TenantId].BrokenAtSeq, results[defaultKeeper.TenantId].PurgedThrough));
        Assert.Equal(PostgresErrorCodes.RestrictViolation, aboveAnchor.SqlState);
        Assert.Equal(PostgresErrorCodes.RestrictViolation, anchorBack.SqlState);
    }
}
