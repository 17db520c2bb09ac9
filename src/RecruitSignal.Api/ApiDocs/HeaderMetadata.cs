namespace RecruitSignal.ApiDocs;

/// <summary>A request header an endpoint reads, for the OpenAPI document.</summary>
public sealed record RequestHeaderMetadata(string Name, string Description);

/// <summary>
/// A response header an endpoint writes, for the OpenAPI document. <paramref name="Status"/> is one status code
/// ("200") or "2XX" for every success response.
/// </summary>
public sealed record ResponseHeaderMetadata(string Status, string Name, string Description, bool Required);

public static class HeaderMetadataExtensions
{
    public static TBuilder WithRequestHeader<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestHeaderMetadata(name, description));

    public static TBuilder WithResponseHeader<TBuilder>(this TBuilder builder, string status, string name, string description, bool required = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ResponseHeaderMetadata(status, name, description, required));
}
