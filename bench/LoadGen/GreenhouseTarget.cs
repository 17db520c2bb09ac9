using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

/// <summary>
/// Greenhouse's calls as Greenhouse makes them (grnhse/greenhouse-api-docs, "assessment"; the body of
/// tests/RecruitSignal.Tests/Greenhouse/FakeGreenhouse.cs): HTTP Basic with a key of the <c>greenhouse</c> scope as
/// the username. send_test is a new order every time: a new url (the order key) and a new Greenhouse person, so a new
/// candidate and invitation; its answer's partner_interview_id is kept for test_status. The url names 127.0.0.1, which
/// the service must allow (Greenhouse__CallbackHosts, Greenhouse__AllowPrivateTargets): nothing is called back during
/// these phases, since the PATCH only follows a candidate's answer. bench/run.sh saturates both with wrk
/// (bench/wrk/send-test.lua, test-status.lua: the same requests, a lighter client) and counts their round trips with these.
/// </summary>
internal static class GreenhouseTarget
{
    /// <summary>The <paramref name="n"/>th send_test of run <paramref name="run"/>; the interview id joins <paramref name="interviews"/>.</summary>
    public static async Task<bool> SendTestAsync(HttpClient http, string key, string run, long n, ConcurrentQueue<string> interviews)
    {
        // Greenhouse person ids are digits (at most 18 here): the run's hash then n, so no two runs share a candidate.
        var person = $"{(uint)StableHash(run):D10}{n % 100_000_000:D8}";
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["partner_test_id"] = "default@1",
            ["candidate"] = new Dictionary<string, object?>
            {
                ["first_name"] = "Harriet", ["last_name"] = "Vane", ["preferred_name"] = null,
                ["resume_url"] = "https://greenhouse-resumes.example.com/resume-7731.pdf", ["phone_number"] = "+44 20 7946 0991",
                ["email"] = $"bench-{run}-{n}@example.com",
                ["greenhouse_profile_url"] = $"https://app.greenhouse.io/people/{person}?application_id=26234709",
            },
            ["sent_by"] = new { name = "Ada Recruiter", email = "ada@acme.example" },
            ["url"] = $"http://127.0.0.1:9/integrations/testing_partners/take_home_tests/{run}-{n}",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/integrations/greenhouse/send_test")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = Basic(key);
        using var sent = await http.SendAsync(request);
        if (!sent.IsSuccessStatusCode)
        {
            return false;
        }

        interviews.Enqueue((await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("partner_interview_id").GetString()!);
        return true;
    }

    /// <summary>test_status of one interview send_test answered earlier.</summary>
    public static async Task<bool> TestStatusAsync(HttpClient http, string key, string interviewId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/integrations/greenhouse/test_status?partner_interview_id={interviewId}");
        request.Headers.Authorization = Basic(key);
        using var status = await http.SendAsync(request);
        await status.Content.LoadIntoBufferAsync();
        return status.IsSuccessStatusCode;
    }

    private static AuthenticationHeaderValue Basic(string key) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));

    private static int StableHash(string text) => text.Aggregate(unchecked((int)2166136261), (h, c) => unchecked((h ^ c) * 16777619));
}
