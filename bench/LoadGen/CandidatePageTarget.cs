using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

/// <summary>
/// The candidate page's answer, as a browser sends it: GET /c/{token} (the page, its antiforgery cookie and form token),
/// then POST /c/{token}/handle with both and a typed X handle; answered = the 302 back to the page (not followed).
/// Each invitation is answered once, so the pool is made before the phase ("setup": one invitation per candidate id,
/// without email, through the API) and every answer takes the next token of it.
/// </summary>
internal static partial class CandidatePageTarget
{
    // The page is anonymous: no Authorization header (the load generator's client sends a Bearer key on every call),
    // no cookie jar (each answer carries the cookie its own GET set), no redirects followed.
    private static HttpClient? s_page;

    // Candidates come from many addresses: connections are spread over Addresses loopback addresses (127.0.0.2 and up),
    // so that the page's per-address limit (CandidatePages__PerAddressPerMinute) stays in force without capping the phase.
    private const int Addresses = 8;
    private static int s_connections;

    /// <summary>Invites each candidate of <paramref name="candidateIds"/> once (concurrently) and prints the tokens, one a line.</summary>
    public static async Task<int> SetupAsync(HttpClient api, string[] candidateIds, int concurrency)
    {
        var tokens = new ConcurrentQueue<string>();
        var failed = 0;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < candidateIds.Length; i = Interlocked.Increment(ref next))
            {
                using var created = await api.PostAsJsonAsync($"/v1/candidates/{candidateIds[i]}/invitations", new { language = "en", sendEmail = false });
                if (!created.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failed);
                    continue;
                }

                var url = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
                tokens.Enqueue(url[(url.LastIndexOf("/c/", StringComparison.Ordinal) + 3)..]);
            }
        }));
        await Console.Out.WriteAsync(string.Join('\n', tokens) + "\n");
        // A few refusals only make the pool smaller (the phase's errors show a pool that ran out); none made is a failure.
        await Console.Error.WriteLineAsync($"{tokens.Count} invitations, {failed} refused");
        return tokens.IsEmpty && candidateIds.Length > 0 ? 1 : 0;
    }

    /// <summary>The <paramref name="n"/>th answer (from 1): true when the page was shown and the handle recorded.</summary>
    public static async Task<bool> AnswerAsync(string baseUrl, int concurrency, string[] tokens, long n)
    {
        if (n > tokens.Length)
        {
            // The pool ran out: an error, not a hot loop of them.
            await Task.Delay(50);
            return false;
        }

        var http = Page(baseUrl, concurrency);
        var token = tokens[n - 1];
        using var page = await http.GetAsync($"/c/{token}");
        var html = await page.Content.ReadAsStringAsync();
        var cookie = page.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';', 2)[0]).FirstOrDefault(c => c.StartsWith("rs_form=", StringComparison.Ordinal))
            : null;
        if (page.StatusCode != HttpStatusCode.OK || cookie is null || FormToken().Match(html) is not { Success: true } form)
        {
            return false;
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, $"/c/{token}/handle")
        {
            Content = new FormUrlEncodedContent([new("lang", "en"), new("rs_form", form.Groups[1].Value), new("handle", $"@bench_page_{n % 1_000_000}")]),
        };
        post.Headers.Add("Cookie", cookie);
        using var answered = await http.SendAsync(post);
        return answered.StatusCode == HttpStatusCode.Redirect;
    }

    private static HttpClient Page(string baseUrl, int concurrency)
    {
        if (s_page is { } http)
        {
            return http;
        }

        var created = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = ConnectFromManyAddressesAsync,
        })
        { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        created.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        if (Interlocked.CompareExchange(ref s_page, created, null) is { } raced)
        {
            created.Dispose();
            return raced;
        }

        return created;
    }

    private static async ValueTask<Stream> ConnectFromManyAddressesAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(new IPAddress([127, 0, 0, (byte)(2 + (Interlocked.Increment(ref s_connections) % Addresses))]), 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [GeneratedRegex("name=\"rs_form\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
