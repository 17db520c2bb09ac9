using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RecruitSignal.Policies;

namespace RecruitSignal.Tests.Integration.Trust;

[Collection(ApiTestGroup.Name)]
public sealed class PolicyDocumentationTests(ApiFixture api)
{
    [Fact]
    public async Task TheDocumentationIsWrittenFromThePolicySoAChangedWeightChangesTheText()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        await tenant.Http.PostAsJsonAsync("/v1/policies", TrustRequests.Policy("doc"));
        await tenant.Http.PostAsJsonAsync("/v1/policies", TrustRequests.PresenceHeavyPolicy("doc").With("absence", "not_applicable"));

        var builtIn = await tenant.Http.GetAsync("/v1/policies/default@1/documentation");
        var same = await (await tenant.Http.GetAsync("/v1/policies/doc@1/documentation?language=en")).ReadAsync<PolicyDocumentation>();
        var heavy = await (await tenant.Http.GetAsync("/v1/policies/doc@2/documentation")).ReadAsync<PolicyDocumentation>();
        var french = await tenant.Http.GetAsync("/v1/policies/default@1/documentation?language=fr");
        var badLanguage = await tenant.Http.GetAsync("/v1/policies/default@1/documentation?language=de");
        var unknown = await tenant.Http.GetAsync("/v1/policies/doc@3/documentation");
        var theirs = await other.Http.GetAsync("/v1/policies/doc@1/documentation");

        Assert.Equal(HttpStatusCode.OK, builtIn.StatusCode);
        Assert.Equal("en", builtIn.Content.Headers.ContentLanguage.Single());
        var english = await builtIn.ReadAsync<PolicyDocumentation>();
        var rules = english.Sections.SelectMany(s => s.Rules).ToList();
        Assert.Contains("Presence, weight 10: all 10 points when the account is found and public.", rules);
        Assert.Contains(rules, r => r.StartsWith("Recency, weight 25: all points when the newest own post or reply is at most 7 days old", StringComparison.Ordinal));
        Assert.Contains("Cadence, weight 20: own posts and replies per 30 days, all points from 8, in proportion below.", rules);
        Assert.Contains("Conversation, weight 15: replies to others in the window, all points from 10, in proportion below.", rules);
        Assert.Contains(rules, r => r.StartsWith("Authorship, weight 10:", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.StartsWith("Relevance, weight 20: 8 points when the bio mentions a relevance term, plus up to 12 points", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.StartsWith("Followers, weight 0: recorded, never scored", StringComparison.Ordinal));
        Assert.Contains("Reposts are 60 % or more of all activity: relayer.", rules);
        Assert.Contains("At least 3 original posts and 5 replies: engaged.", rules);
        Assert.Contains(rules, r => r.Contains("at most 30 days before the observation", StringComparison.Ordinal));
        Assert.Contains("Strong from a score of 70, moderate from 40, weak from 1, none below 1.", rules);
        Assert.Contains(rules, r => r.StartsWith("A candidate with no account (none found, or none as the candidate says) scores 0", StringComparison.Ordinal));

        // The same parameters say the same thing; other weights and another absence option say something else.
        Assert.Equal(english.Sections.SelectMany(s => s.Rules), same.Sections.SelectMany(s => s.Rules));
        Assert.Contains("doc@1", same.Summary, StringComparison.Ordinal);
        var heavyRules = heavy.Sections.SelectMany(s => s.Rules).ToList();
        Assert.Contains("Presence, weight 60: all 60 points when the account is found and public.", heavyRules);
        Assert.DoesNotContain("Presence, weight 10: all 10 points when the account is found and public.", heavyRules);
        Assert.Contains(heavyRules, r => r.StartsWith("Relevance, weight 10: 4 points", StringComparison.Ordinal));
        Assert.Contains(heavyRules, r => r.Contains("is not scored: no score, band unknown", StringComparison.Ordinal));

        Assert.Equal("fr", french.Content.Headers.ContentLanguage.Single());
        var frenchRules = (await french.ReadAsync<PolicyDocumentation>()).Sections.SelectMany(s => s.Rules).ToList();
        Assert.Contains("Présence, poids 10 : les 10 points quand le compte est trouvé et public.", frenchRules);
        Assert.Contains("Les partages font 60 % ou plus de l'activité : relais (relayer).", frenchRules);
        Assert.Equal(HttpStatusCode.BadRequest, badLanguage.StatusCode);
        Assert.Equal(["language"], (await badLanguage.ReadAsync<JsonObject>())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
    }
}
