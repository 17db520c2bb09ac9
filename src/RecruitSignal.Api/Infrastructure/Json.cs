using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecruitSignal.Infrastructure;

public static class Json
{
    /// <summary>The wire format: camelCase names, snake_case enum values, unknown members refused.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        // A misspelt field ("replys") must be an error, not silently ignored evidence.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 16;
        options.NumberHandling = JsonNumberHandling.Strict;
        return options;
    }
}
