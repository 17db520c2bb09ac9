using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecruitSignal.Input;

/// <summary>
/// Applies <see cref="TextRule"/> to every text field of a bound request body, however deep (lists of text,
/// nested objects, lists of objects), keyed by the field's JSON path. It reads the request types themselves,
/// so a field or an endpoint added later is covered without anyone remembering to add a rule.
/// </summary>
public static class TextFields
{
    private const int MaxDepth = 8;

    private static readonly ConcurrentDictionary<Type, Field[]> FieldsByType = new();

    /// <summary>The refused text fields of <paramref name="request"/>, or null when there is none.</summary>
    public static Dictionary<string, string[]>? Errors(object? request)
    {
        var errors = new Dictionary<string, string[]>();
        Walk(request, "", errors, 0);
        return errors.Count > 0 ? errors : null;
    }

    private static void Walk(object? value, string path, Dictionary<string, string[]> errors, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return;
        }

        foreach (var field in Fields(value.GetType()))
        {
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            switch (field.Property.GetValue(value))
            {
                case string text:
                    Check(text, field.Multiline, fieldPath, errors);
                    break;
                case IEnumerable items:
                    var index = 0;
                    foreach (var item in items)
                    {
                        var itemPath = $"{fieldPath}[{index++}]";
                        if (item is string text)
                        {
                            Check(text, field.Multiline, itemPath, errors);
                        }
                        else if (item is not null && IsRequestType(item.GetType()))
                        {
                            Walk(item, itemPath, errors, depth + 1);
                        }
                    }

                    break;
                case { } nested when IsRequestType(nested.GetType()):
                    Walk(nested, fieldPath, errors, depth + 1);
                    break;
            }
        }
    }

    private static void Check(string text, bool multiline, string path, Dictionary<string, string[]> errors)
    {
        if (TextRule.Check(text, multiline) is { } problem)
        {
            errors[path] = [problem];
        }
    }

    // The service's own contract types (records of this assembly), not strings, enums, dates or framework types.
    private static bool IsRequestType(Type type) => type.Assembly == typeof(TextFields).Assembly && type.IsClass;

    private static Field[] Fields(Type type) => FieldsByType.GetOrAdd(type, static t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
        .Select(p => new Field(
            p,
            p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name),
            p.IsDefined(typeof(MultilineTextAttribute))))
        .ToArray());

    private sealed record Field(PropertyInfo Property, string Name, bool Multiline);
}
