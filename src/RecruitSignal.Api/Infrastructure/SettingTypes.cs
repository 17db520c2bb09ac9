using System.ComponentModel;
using System.Reflection;

namespace RecruitSignal.Infrastructure;

/// <summary>
/// Checks, before anything is bound, that every setting of an options class (one with a <c>Section</c> constant)
/// converts to the type of its property, the way the configuration binder will convert it. Unchecked, a wrong-typed
/// value (<c>Telemetry__QueueSampleInterval=true</c>) surfaced as the binder's exception, with a stack trace and
/// exit code 134, when the options were first read. The ranges are checked afterwards by each option's validation.
/// </summary>
public static class SettingTypes
{
    private static readonly Lazy<IReadOnlyList<(string Section, Type Options)>> OptionTypes = new(FindOptionTypes);

    /// <summary>One line naming the first setting whose value does not convert, its value and what it takes; null when all convert.</summary>
    public static string? Problem(IConfiguration configuration)
    {
        foreach (var (section, options) in OptionTypes.Value)
        {
            foreach (var setting in configuration.GetSection(section).GetChildren())
            {
                var property = options.GetProperty(setting.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                if (setting.Value is { } value && property is { CanWrite: true } && !Converts(value, property.PropertyType))
                {
                    return $"Cannot start: {setting.Path.Replace(":", "__", StringComparison.Ordinal)} is '{value}', which is not {Kind(property.PropertyType)}.";
                }
            }
        }

        return null;
    }

    /// <summary>What the binder does with a string: the type's converter, invariant culture; an empty value is null for a nullable type.</summary>
    private static bool Converts(string value, Type type)
    {
        var converter = TypeDescriptor.GetConverter(type);
        if (type == typeof(string) || !converter.CanConvertFrom(typeof(string)))
        {
            return true; // text, or a shape the binder does not read from one string (lists, nested options)
        }

        try
        {
            converter.ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or NotSupportedException
            || e.InnerException is FormatException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    private static string Kind(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(TimeSpan) => "a duration such as 00:00:30 (hh:mm:ss) or 1.00:00:00 (1 day)",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(int) || t == typeof(long) || t == typeof(short) => "a whole number",
        var t when t == typeof(double) || t == typeof(decimal) || t == typeof(float) => "a number",
        var t when t == typeof(Uri) => "an absolute URL",
        { IsEnum: true } t => "one of " + string.Join(", ", Enum.GetNames(t)),
        var t => $"a {t.Name} value",
    };

    private static List<(string, Type)> FindOptionTypes() => typeof(SettingTypes).Assembly.GetTypes()
        .Select(type => (Type: type, Field: type.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
        .Where(t => t.Field is { IsLiteral: true } && t.Field.FieldType == typeof(string) && t.Type.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => ((string)t.Field!.GetRawConstantValue()!, t.Type))
        .OrderBy(t => t.Item1, StringComparer.Ordinal)
        .ToList();
}
