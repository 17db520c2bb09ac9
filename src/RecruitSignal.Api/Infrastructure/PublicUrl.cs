namespace RecruitSignal.Infrastructure;

/// <summary>
/// The address people and other systems reach the service at (environment: <c>PublicBaseUrl</c>), used for
/// every absolute link the service hands out: candidate invitation links, report links, the OpenAPI
/// <c>servers</c> entry. Never derived from a request's Host header, which a client controls.
/// </summary>
public sealed class PublicUrl
{
    public const string Key = "PublicBaseUrl";
    public const string Default = "http://localhost:5080";

    public string? PublicBaseUrl { get; set; }

    /// <summary>The configured base without a trailing slash.</summary>
    public string Base => (PublicBaseUrl ?? Default).TrimEnd('/');

    /// <summary>An absolute link to <paramref name="path"/> (which starts with '/').</summary>
    public string Link(string path) => Base + path;

    internal static bool IsValid(string? value) =>
        value is null
        || (Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo));
}

public static class PublicUrlExtensions
{
    public static IHostApplicationBuilder AddPublicUrl(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PublicUrl>()
            .Configure<IConfiguration>((options, config) => options.PublicBaseUrl = config[PublicUrl.Key])
            .Validate(options => PublicUrl.IsValid(options.PublicBaseUrl),
                "PublicBaseUrl must be an absolute http(s) URL without query or fragment, for example https://screening.example.com.")
            .ValidateOnStart();
        return builder;
    }
}
