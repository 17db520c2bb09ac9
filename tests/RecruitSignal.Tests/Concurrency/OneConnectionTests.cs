using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RecruitSignal.Policies;
using RecruitSignal.Tenants;
using RecruitSignal.Tests.Integration;

namespace RecruitSignal.Tests.Concurrency;

/// <summary>
/// A request holds at most one pooled connection at a time. A request that held one and waited for a second (the
/// tenant's active policy read on a connection of its own, while the request's transaction was open) deadlocked the
/// pool under a burst: every connection held by a request waiting for another, the service answering nothing for the
/// pool's timeout. With a pool of one connection, any such wait is a 503 here instead of a success.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class OneConnectionTests(ApiFixture api)
{
    [Fact]
    public async Task TheWritingRequestsOfANewTenantSucceedWithAPoolOfOneConnection()
    {
        var database = await api.Server.CreateDatabaseAsync();
        await using var factory = new ApiFactory($"{database};Maximum Pool Size=1;Timeout=5", new Dictionary<string, string?>
        {
            ["XApi:WorkerEnabled"] = "false",
            ["Webhooks:DispatcherEnabled"] = "false",
            ["Rescoring:Enabled"] = "false",
        });
        factory.StartServer();

        // Each step starts from a tenant the service has not seen: its active policy is not cached yet.
        async Task<HttpClient> NewTenantAsync()
        {
            var tenant = await factory.Services.GetRequiredService<TenantStore>().CreateAsync($"one-{Guid.NewGuid():N}", CancellationToken.None);
            var http = factory.CreateClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
            return http;
        }

        var plain = await (await NewTenantAsync()).PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional("one-plain"));
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);

        var keyed = await NewTenantAsync();
        using var withKey = new HttpRequestMessage(HttpMethod.Post, "/v1/screenings") { Content = JsonContent.Create(Requests.EngagedProfessional("one-keyed")) };
        withKey.Headers.Add("Idempotency-Key", "one-connection-1");
        Assert.Equal(HttpStatusCode.Created, (await keyed.SendAsync(withKey)).StatusCode);

        var batch = await (await NewTenantAsync()).PostAsJsonAsync("/v1/screenings/batch", new JsonObject
        {
            ["items"] = new JsonArray(Requests.EngagedProfessional("one-batch-1"), Requests.EngagedProfessional("one-batch-2")),
        });
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);

        // The candidate page reads the invitation's policy (the networks it asks about) while it holds its connection,
        // once the tenant's active version is no longer cached.
        var inviting = await NewTenantAsync();
        var candidate = (await (await inviting.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional("one-page"))).ReadAssessmentAsync()).CandidateId;
        var invited = await inviting.PostAsJsonAsync($"/v1/candidates/{candidate}/invitations", new JsonObject { ["language"] = "en", ["sendEmail"] = false });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var link = new Uri((await invited.ReadAsync<RecruitSignal.Invitations.CreatedInvitation>()).Url).AbsolutePath;
        await Task.Delay(PolicyStore.ActiveVersionCacheDuration + TimeSpan.FromMilliseconds(500));
        using var page = new CandidatePages.PageSession(factory.CreateClient().BaseAddress!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostAsync($"{link}/handle", "en", [new("handle", "one_page_handle")])).StatusCode);
    }
}
