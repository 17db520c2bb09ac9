using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Retention;
using RecruitSignal.Tests.Integration;

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
}
