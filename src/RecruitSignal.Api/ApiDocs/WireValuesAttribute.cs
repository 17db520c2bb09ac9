using RecruitSignal.Infrastructure;

namespace RecruitSignal.ApiDocs;

/// <summary>
/// The closed set of values a string field or query parameter takes, for the OpenAPI document: the wire names of an
/// enum (<c>[WireValues(typeof(Band))]</c>) or a named list of constants. The service checks the value itself (and
/// answers a 400 naming the field); this lets a generated client offer one enum type instead of a free string. The
/// set becomes the component schema <see cref="Name"/>, shared by every field that names it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class WireValuesAttribute : Attribute
{
    public WireValuesAttribute(Type enumType)
    {
        Name = enumType.Name;
        Values = WireName.All(enumType);
    }

    public WireValuesAttribute(string name, params string[] values)
    {
        Name = name;
        Values = values;
    }

    public string Name { get; }

    public IReadOnlyList<string> Values { get; }
}
