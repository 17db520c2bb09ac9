using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace RecruitSignal.Tests.Integration.Hardening;

/// <summary>What every refusal of the hardening tests must look like.</summary>
public static class HardeningAsserts
{
    /// <summary>A 400 validation problem whose errors name <paramref name="field"/> (JSON names are compared ignoring case).</summary>
    public static async Task<HttpValidationProblemDetails> AssertRefusedNamingAsync(this HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400 naming '{field}', got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!;
        Assert.True(problem.Errors.Keys.Any(k => string.Equals(k, field, StringComparison.OrdinalIgnoreCase)),
            $"'{field}' is not named in the errors: {string.Join(", ", problem.Errors.Keys)}");
        return problem;
    }

    public static Task<HttpResponseMessage> PostRawAsync(this TenantClient tenant, string path, string json) =>
        tenant.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PutRawAsync(this TenantClient tenant, string path, string json) =>
        tenant.Http.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
