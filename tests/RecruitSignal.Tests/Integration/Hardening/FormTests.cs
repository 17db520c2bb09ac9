using System.Net;
using System.Text;

namespace RecruitSignal.Tests.Integration.Hardening;

/// <summary>Found by the fuzz suite once the candidate page came in: a body that is not the form it claims to be is a 400, never a 500.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class FormTests(ApiFixture api)
{
    [Theory]
    [InlineData("multipart/form-data; boundary=fuzz", "{}")]
    [InlineData("multipart/form-data; boundary=fuzz", "--fuzz\r\nContent-Disposition: form-data; name=\"handle\"\r\n\r\ncamille")]
    [InlineData("multipart/form-data", "--x--")]
    public async Task AMalformedMultipartBodyOnTheCandidatePageAnswersAPageWith400(string contentType, string body)
    {
        using var client = api.Factory.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await client.PostAsync("/c/an-unknown-link/handle", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
