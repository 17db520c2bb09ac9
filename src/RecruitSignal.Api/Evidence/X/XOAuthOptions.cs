using System.ComponentModel.DataAnnotations;

namespace RecruitSignal.Presence.X;

/// <summary>
/// "Sign in with X": OAuth 2.0 authorization code with PKCE, as a confidential client (environment: <c>XOAuth__...</c>).
/// Without a client id and secret the choice is not offered.
/// </summary>
public sealed class XOAuthOptions : IValidatableObject
{
    public const string Section = "XOAuth";

    /// <summary>The only scopes asked for: enough to read who signed in, nothing more.</summary>
    public const string Scopes = "users.read tweet.read";

    /// <summary>Environment: <c>XOAuth__ClientId</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Environment: <c>XOAuth__ClientSecret</c>. Never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Environment: <c>XOAuth__AuthorizeUrl</c>.</summary>
    public string AuthorizeUrl { get; set; } = "https://x.com/i/oauth2/authorize";

    /// <summary>Environment: <c>XOAuth__TokenUrl</c>.</summary>
    public string TokenUrl { get; set; } = "https://api.x.com/2/oauth2/token";

    /// <summary>Environment: <c>XOAuth__RevokeUrl</c>.</summary>
    public string RevokeUrl { get; set; } = "https://api.x.com/2/oauth2/revoke";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);

    /// <summary>Where the browser is sent to sign in: allowed as a form-action of the candidate pages.</summary>
    public string AuthorizeOrigin => new Uri(AuthorizeUrl).GetLeftPart(UriPartial.Authority);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ClientId) != string.IsNullOrWhiteSpace(ClientSecret))
        {
            yield return new ValidationResult("Set both XOAuth__ClientId and XOAuth__ClientSecret (from the X developer portal's OAuth 2.0 keys), or neither.");
        }

        foreach (var (name, value) in new[] { ("XOAuth__AuthorizeUrl", AuthorizeUrl), ("XOAuth__TokenUrl", TokenUrl), ("XOAuth__RevokeUrl", RevokeUrl) })
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                yield return new ValidationResult($"{name} must be an absolute http(s) URL.");
            }
        }
    }
}
