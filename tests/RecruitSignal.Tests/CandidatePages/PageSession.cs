using System.Net;
using System.Text.RegularExpressions;

namespace RecruitSignal.Tests.CandidatePages;

/// <summary>
/// A browser without a browser: keeps cookies, follows nothing by itself, and posts a page's forms with the
/// antiforgery token the last page rendered, as a form submit would.
/// </summary>
public sealed partial class PageSession : IDisposable
{
    private readonly HttpClient _http;

    public PageSession(string baseUrl, string acceptLanguage = "en")
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        _http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
    }

    public string? FormToken { get; private set; }

    /// <summary>The last page, entities decoded (the renderer escapes accents and apostrophes), to read as text.</summary>
    public string LastHtml { get; private set; } = "";

    public async Task<HttpResponseMessage> GetAsync(string url)
    {
        var response = await _http.GetAsync(url);
        await RememberAsync(response);
        return response;
    }

    /// <summary>Posts a form with the last page's antiforgery token (unless <paramref name="withToken"/> is false).</summary>
    public async Task<HttpResponseMessage> PostAsync(string url, string language, IEnumerable<KeyValuePair<string, string>>? fields = null, bool withToken = true)
    {
        var form = new List<KeyValuePair<string, string>> { new("lang", language) };
        if (withToken && FormToken is not null)
        {
            form.Add(new("rs_form", FormToken));
        }

        form.AddRange(fields ?? []);
        var response = await _http.PostAsync(url, new FormUrlEncodedContent(form));
        await RememberAsync(response);
        return response;
    }

    /// <summary>Follows redirects as a browser would, to another host too (the fake X), and answers the last response.</summary>
    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response)
    {
        for (var hops = 0; hops < 10 && response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found; hops++)
        {
            var location = response.Headers.Location!;
            response = await GetAsync(location.IsAbsoluteUri ? location.ToString() : new Uri(_http.BaseAddress!, location).ToString());
        }

        return response;
    }

    private async Task RememberAsync(HttpResponseMessage response)
    {
        LastHtml = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        if (TokenPattern().Match(LastHtml) is { Success: true } match)
        {
            FormToken = match.Groups[1].Value;
        }
    }

    [GeneratedRegex("name=\"rs_form\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public void Dispose() => _http.Dispose();
}
