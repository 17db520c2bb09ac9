using System.Text;

namespace RecruitSignal.Tests.Fuzz;

/// <summary>One generated request, and what its answer must be.</summary>
/// <param name="Target">What was bent: <c>body candidate.fullName</c>, <c>query limit</c>, <c>header Idempotency-Key</c>, <c>route id</c>, <c>body</c>.</param>
/// <param name="Field">The name a refusal must carry in its errors (a JSON path or a parameter name), or null.</param>
public sealed record FuzzCase(
    Operation Operation,
    string Class,
    string Target,
    string Method,
    string Url,
    byte[]? Body,
    string? ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    Expect Expect,
    string? Field)
{
    public static FuzzCase Json(Operation operation, string @class, string target, string url, string json, Expect expect, string? field) =>
        new(operation, @class, target, operation.Method, url, Encoding.UTF8.GetBytes(json), "application/json", [], expect, field);

    /// <summary>What a failure message shows of the case: enough to find it again with the seed, never a megabyte of body.</summary>
    public string Describe()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 240)) + (Body.Length > 240 ? $"... ({Body.Length:N0} bytes)" : "");
        var headers = string.Join(" ", Headers.Select(h => $"{h.Key}: {Escape(h.Value.Length > 80 ? h.Value[..80] + $"... ({h.Value.Length:N0} characters)" : h.Value)}"));
        return $"{Operation} [{Class} -> {Target}] {Method} {(Url.Length > 200 ? Url[..200] + "..." : Url)} {ContentType} {headers} {Escape(body)}";
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c is >= '\u2000' and <= '\u206f' ? $"\\u{(int)c:x4}" : c.ToString()));
}
