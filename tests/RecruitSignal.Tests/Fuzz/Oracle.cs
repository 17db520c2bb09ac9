using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RecruitSignal.Tests.Fuzz;

/// <summary>Judges one answer: no 5xx; a refusal is problem+json that names the field; a refusal wrote nothing.</summary>
public static partial class Oracle
{
    /// <summary>Why the answer is wrong, or null when it is right.</summary>
    /// <param name="byServer">Refused by Kestrel itself before any application code ran (an empty 400 that closes the connection).</param>
    public static string? Judge(FuzzCase fuzz, int status, string? mediaType, string body, bool databaseChanged, bool byServer)
    {
        if (status >= 500)
        {
            return $"answered {status}";
        }

        var refused = status >= 400;
        if (refused && databaseChanged)
        {
            return $"answered {status} but the tenant's rows changed";
        }

        if (!refused)
        {
            return (fuzz.Expect, ItemErrors(body, fuzz.Field)) switch
            {
                (Expect.Refuse, { } item) when item.Errors.Any(key => Names(key, item.Field)) => null, // a batch refuses the bad item, keeps the others
                (Expect.Refuse, { } item) => $"refused the item without naming '{item.Field}' (errors: {string.Join(", ", item.Errors)})",
                (Expect.Refuse or Expect.RefuseAny, _) => $"accepted ({status}) a value that must be refused",
                _ => null,
            };
        }

        if (byServer && status == 400)
        {
            return null; // e.g. a NUL in the path: Kestrel answers before the pipeline, with no body to shape
        }

        if (IsPage(fuzz.Operation) && (mediaType == "text/html" || fuzz.Method == "HEAD"))
        {
            return null; // a page shown to people (the candidate page) refuses with a page, in their language
        }

        JsonObject? fields;
        if (AtsRefusal(fuzz.Operation, status, mediaType, body) is { } ats)
        {
            fields = ats.Fields;
        }
        else if (mediaType != "application/problem+json" || Parse(body) is not JsonObject problem || (int?)problem["status"] != status
            || string.IsNullOrWhiteSpace((string?)problem["title"]))
        {
            return $"refused with {status} but not as problem+json with its status and a title: {Excerpt(body)}";
        }
        else
        {
            fields = problem["errors"] as JsonObject;
        }

        var errors = fields?.Select(e => e.Key).ToList() ?? [];
        if (fuzz.Field is null || status is 404 or 405 or 409 or 413 or 415 or 422 or 401)
        {
            return null; // about the request as a whole, or the body outgrew its cap before any field was read
        }

        if (fuzz.Expect == Expect.Refuse && !errors.Any(key => Names(key, fuzz.Field)))
        {
            return $"refused with {status} without naming '{fuzz.Field}' (errors: {string.Join(", ", errors)})";
        }

        return status == 400 && errors.Count == 0 ? $"refused a bad '{fuzz.Field}' with 400 but named no field: {Excerpt(body)}" : null;
    }

    // An ATS adapter refuses as its ATS's contract says (Integrations/AtsErrors.cs), not as a problem: Workable's
    // {error, errors}, Ashby's {success: false, message, errorInfo: {meta: {fields}}}. Authentication, rate limits and 415 stay problems.
    private static (bool Shaped, JsonObject? Fields)? AtsRefusal(Operation operation, int status, string? mediaType, string body)
    {
        if (status is 401 or 403 or 405 or 415 or 429 || mediaType != "application/json" || Parse(body) is not JsonObject refusal)
        {
            return null;
        }

        return operation.Path.StartsWith("/integrations/workable/", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace((string?)refusal["error"])
            ? (true, refusal["errors"] as JsonObject)
            : operation.Path.StartsWith("/integrations/ashby/", StringComparison.Ordinal) && (bool?)refusal["success"] == false && !string.IsNullOrWhiteSpace((string?)refusal["message"])
                ? (true, refusal["errorInfo"]?["meta"]?["fields"] as JsonObject)
                : null;
    }

    // Pages for people are routes outside the API: not in the OpenAPI document, not under /v1.
    private static bool IsPage(Operation operation) => !operation.Documented && !operation.Path.StartsWith("/v1/", StringComparison.Ordinal);

    /// <summary>An errors key names the field when it is the field, or a part of it (deep nesting, a duplicate member).</summary>
    public static bool Names(string key, string field) =>
        key.Equals(field, StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase);

    // "items[3].candidate.fullName" refused in a 2xx answer: the answer's items[3] carries a problem; its errors and the path inside the item.
    private static (IReadOnlyList<string> Errors, string Field)? ItemErrors(string body, string? field)
    {
        if (field is null || ItemPath().Match(field) is not { Success: true } match || Parse(body)?[match.Groups["list"].Value] is not JsonArray items)
        {
            return null;
        }

        var index = int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var item = items.FirstOrDefault(i => (int?)i?["index"] == index) ?? (index < items.Count ? items[index] : null);
        return item?["problem"]?["errors"] is JsonObject errors ? ([.. errors.Select(e => e.Key)], match.Groups["rest"].Value) : null;
    }

    private static JsonNode? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(string body) => body.Length > 300 ? body[..300] + "..." : body;

    [GeneratedRegex(@"^(?<list>[A-Za-z0-9_]+)\[(?<index>\d+)\]\.(?<rest>.+)$")]
    private static partial Regex ItemPath();
}
