namespace RecruitSignal.Tests.CandidatePages;

/// <summary>What every candidate page must carry.</summary>
public static class PageAssertions
{
    public static readonly IReadOnlyDictionary<string, string> ExpectedHeaders = new Dictionary<string, string>
    {
        ["Referrer-Policy"] = "no-referrer",
        ["X-Robots-Tag"] = "noindex, nofollow",
        ["Cache-Control"] = "no-store",
        ["X-Content-Type-Options"] = "nosniff",
    };

    public static void Headers(HttpResponseMessage response, string authorizeOrigin)
    {
        Assert.Equal($"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' {authorizeOrigin}; frame-ancestors 'none'; base-uri 'none'",
            string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        foreach (var (name, value) in ExpectedHeaders)
        {
            var values = response.Headers.TryGetValues(name, out var headers) ? headers : response.Content.Headers.GetValues(name);
            Assert.Equal(value, string.Join(", ", values));
        }
    }
}
