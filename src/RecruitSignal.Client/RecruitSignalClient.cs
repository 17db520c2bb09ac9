using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecruitSignal.Client;

/// <summary>
/// The hand-written part of the generated client: how to make one with an API key, and the JSON settings the
/// service's wire format needs (enums as their documented strings).
/// </summary>
public partial class RecruitSignalClient
{
    /// <summary>
    /// A client of the service at <paramref name="baseAddress"/> that authenticates every call with
    /// <paramref name="apiKey"/> (<c>Authorization: Bearer rs_...</c>). Pass <paramref name="handler"/> to send through
    /// your own HTTP pipeline (retries, logging, a proxy); the client does not dispose it.
    /// </summary>
    public static RecruitSignalClient Create(Uri baseAddress, string apiKey, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var http = new HttpClient(new ApiKeyHandler(apiKey) { InnerHandler = handler ?? new HttpClientHandler() }, disposeHandler: handler is null)
        {
            BaseAddress = baseAddress,
        };
        return new RecruitSignalClient(http);
    }

    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        // The generated enums carry [JsonStringEnumMemberName] with the documented values ("not_found").
        settings.Converters.Add(new JsonStringEnumConverter());
    }

    private sealed class ApiKeyHandler(string apiKey) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
