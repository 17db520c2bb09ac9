using System.Text.Json;

namespace RecruitSignal.Infrastructure;

/// <summary>Enums travel and are stored as snake_case strings (<c>not_found</c>, <c>publisher</c>), the same everywhere.</summary>
public static class WireName
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.ByValue[value];

    public static IReadOnlyCollection<string> All<TEnum>() where TEnum : struct, Enum => Names<TEnum>.ByName.Keys;

    /// <summary>The wire names of an enum known only at run time (attributes, reflection).</summary>
    public static IReadOnlyList<string> All(Type enumType) => [.. Enum.GetNames(enumType).Select(Convert)];

    private static string Convert(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    public static bool TryParse<TEnum>(string? name, out TEnum value) where TEnum : struct, Enum =>
        Names<TEnum>.ByName.TryGetValue(name ?? "", out value);

    public static TEnum Parse<TEnum>(string name) where TEnum : struct, Enum =>
        TryParse<TEnum>(name, out var value) ? value : throw new FormatException($"'{name}' is not a {typeof(TEnum).Name}.");

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => Convert(v.ToString()));

        public static readonly Dictionary<string, TEnum> ByName =
            ByValue.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
    }
}
