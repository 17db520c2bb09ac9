using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RecruitSignal.Database;
using RecruitSignal.Tenants;

namespace RecruitSignal.Integrations;

/// <summary>Which scope the key of a Basic scheme must hold (greenhouse, ashby).</summary>
public sealed class BasicKeyOptions : AuthenticationSchemeOptions
{
    public string Scope { get; set; } = "";
}

/// <summary>
/// HTTP Basic as Greenhouse and Ashby send it: the username is a RecruitSignal API key of the tenant (followed by ':' and
/// no password). The key is resolved like a Bearer one (<see cref="ApiKeyStore"/>), must hold the scheme's scope
/// (<see cref="BasicKeyOptions.Scope"/>), and wrong keys count towards the same per-address throttle and metrics. Every
/// refusal, a missing scope included, is the same 401 with a Basic challenge, since that is what those ATSs understand.
/// </summary>
public sealed class BasicKeyAuthentication(
    IOptionsMonitor<BasicKeyOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyStore keys,
    KeyUsage usage,
    FailedAuthentication failures,
    IProblemDetailsService problems)
    : AuthenticationHandler<BasicKeyOptions>(options, loggerFactory, encoder)
{
    public const string Challenge = "Basic realm=\"RecruitSignal\", charset=\"UTF-8\"";

    private string _refusal = "missing";
    private TimeSpan? _retryAfter;
    private Exception? _unavailable;

    /// <summary>The API key of a Basic header (the username; the password must be empty), or null.</summary>
    public static string? KeyOf(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || header.Length > 1024)
        {
            return null;
        }

        var buffer = new byte[header.Length];
        if (!Convert.TryFromBase64String(header["Basic ".Length..].Trim(), buffer, out var written))
        {
            return "";
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return "";
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon == decoded.Length - 1 ? decoded[..colon] : "";
    }

    /// <summary>The Authorization header for a key as Basic username: what Greenhouse sends and gets back, what Ashby is sent.</summary>
    public static string HeaderFor(string key) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":"));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = KeyOf(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var client = Context.Connection.RemoteIpAddress;
        if (failures.RetryAfter(client) is { } wait)
        {
            (_refusal, _retryAfter) = ("throttled", wait);
            return AuthenticateResult.Fail("Too many wrong API keys from this address.");
        }

        ApiKeyOwner? owner;
        KeyRefusal? refusal;
        try
        {
            (owner, refusal) = await keys.ResolveAsync(presented, Context.RequestAborted);
        }
        catch (Exception e) when (Transient.IsTransient(e))
        {
            _unavailable = e;
            return AuthenticateResult.NoResult();
        }

        if (owner is null)
        {
            _refusal = refusal!.Value.ToString().ToLowerInvariant();
            failures.Record(client);
            return AuthenticateResult.Fail("Refused API key.");
        }

        if (!owner.Has(Options.Scope))
        {
            _refusal = "scope";
            return AuthenticateResult.Fail($"The API key lacks the {Options.Scope} scope.");
        }

        usage.Touch(owner);
        return AuthenticateResult.Success(new AuthenticationTicket(ApiKeyAuthentication.PrincipalOf(owner, Scheme.Name), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_unavailable is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_unavailable);
        }

        await AuthenticationChallenge.WriteAsync(Context, problems, _refusal, _retryAfter, Challenge,
            _refusal == "scope"
                ? $"The API key lacks the '{Options.Scope}' scope; an admin key can make one with POST /v1/keys."
                : $"Send a RecruitSignal API key with the '{Options.Scope}' scope as the Basic username, with an empty password.");
    }

    /// <summary>Registers a Basic scheme and its policy for the keys holding <paramref name="scope"/>.</summary>
    public static void Register(IServiceCollection services, string scheme, string policy, string scope)
    {
        services.AddAuthentication().AddScheme<BasicKeyOptions, BasicKeyAuthentication>(scheme, options => options.Scope = scope);
        services.AddAuthorization(options => options.AddPolicy(policy, p => p.AddAuthenticationSchemes(scheme).RequireAuthenticatedUser()));
    }
}
