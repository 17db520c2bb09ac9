using System.Net.Http.Json;
using MimeKit;

namespace RecruitSignal.Tests.CandidatePages;

/// <summary>The invitation email names the networks the invitation's policy reads, as the page it links to does.</summary>
[Collection(CandidatePagesGroup.Name)]
public sealed class InvitationEmailNetworkTests(CandidatePagesFixture fixture)
{
    private CandidatePagesHarness H => fixture.Harness;

    [Fact]
    public async Task UnderAThreeNetworkPolicyTheEmailNamesXBlueskyAndMastodonInEitherLanguage()
    {
        var english = await EmailAsync("Federated Mail", "en", "default@2");
        var french = await EmailAsync("Courrier Fédéré", "fr", "default@2");

        Assert.Equal("Federated Mail: your application and your accounts on X, Bluesky and Mastodon", english.Subject);
        Assert.Equal("Courrier Fédéré : votre candidature et vos comptes X, Bluesky et Mastodon", french.Subject);
        foreach (var part in new[] { english.TextBody!, english.HtmlBody! })
        {
            Assert.Contains("share your professional work in public on X (formerly Twitter), Bluesky or Mastodon.", part, StringComparison.Ordinal);
            Assert.Contains("you can give each account (by signing in or typing your username)", part, StringComparison.Ordinal);
            Assert.DoesNotContain("sign in with X,", part, StringComparison.Ordinal);
        }

        foreach (var part in new[] { french.TextBody!, french.HtmlBody! })
        {
            Assert.Contains("votre travail sur X (anciennement Twitter), Bluesky ou Mastodon.", part, StringComparison.Ordinal);
            Assert.Contains("vous pouvez donner chacun de vos comptes (en vous connectant ou en saisissant", part, StringComparison.Ordinal);
        }

        Assert.Contains("<title>Federated Mail: your application and your accounts on X, Bluesky and Mastodon</title>", english.HtmlBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnderDefaultOneTheEmailStillNamesXAlone()
    {
        var english = await EmailAsync("Single Mail", "en", "default@1");

        Assert.Equal("Single Mail: your X account and your application", english.Subject);
        Assert.Contains("whether you share your professional work in public on X (formerly Twitter).\n", english.TextBody!, StringComparison.Ordinal);
        Assert.Contains("On the page below you can sign in with X, type your username, say that you have no account, or refuse. The page says",
            english.TextBody!, StringComparison.Ordinal);
    }

    private async Task<MimeMessage> EmailAsync(string employer, string language, string policy)
    {
        var (_, http) = await H.NewTenantAsync(employer);
        (await http.PutAsJsonAsync("/v1/policies/active", new { version = policy })).EnsureSuccessStatusCode();
        var email = $"{Guid.NewGuid():N}@example.com";
        var candidateId = await CandidatePagesHarness.AddCandidateAsync(http, $"ats-{Guid.NewGuid():N}", email);
        await CandidatePagesHarness.InviteAsync(http, candidateId, language);
        return await H.EmailToAsync(email);
    }
}
