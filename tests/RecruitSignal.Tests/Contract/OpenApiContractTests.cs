using System.Text.Json.Nodes;

namespace RecruitSignal.Tests.Contract;

/// <summary>The contract check itself: each kind of disagreement the issue found is reported, a conforming exchange is not.</summary>
public sealed class OpenApiContractTests
{
    private static readonly OpenApiContract Contract = OpenApiContract.Parse("""
        {
          "openapi": "3.1.1",
          "paths": {
            "/v1/things/{id}": {
              "get": {
                "operationId": "GetThing",
                "parameters": [
                  { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } },
                  { "name": "limit", "in": "query", "schema": { "type": "integer", "format": "int32" } }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": { "Content-Language": { "required": true, "schema": { "type": "string" } } },
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } }
                  },
                  "404": { "description": "Not Found", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Thing": { "type": "object", "required": ["count"], "properties": { "count": { "type": "integer" } }, "additionalProperties": false },
              "Problem": { "type": "object", "properties": { "title": { "type": "string" } }, "additionalProperties": false }
            }
          }
        }
        """);

    private static readonly string Path = $"/v1/things/{Guid.NewGuid()}";

    [Fact]
    public void ConformingExchangeHasNoMismatch()
    {
        Assert.Empty(Check(Ok("""{"count": 3}"""), ("limit", "10")));
    }

    [Fact]
    public void ProblemWithAMemberTheSchemaClosesIsAMismatch()
    {
        var mismatches = Check(new Exchange(404, "application/problem+json", """{"title": "No such thing.", "traceId": "00-ab"}""", new Dictionary<string, string>(), [], null));

        Assert.Contains(mismatches, m => m.Contains("404 body", StringComparison.Ordinal));
    }

    [Fact]
    public void NumberSentAsAStringIsAMismatch()
    {
        Assert.NotEmpty(Check(Ok("""{"count": "3"}""")));
    }

    [Fact]
    public void UndocumentedStatusContentTypeOrHeaderIsAMismatch()
    {
        Assert.NotEmpty(Check(new Exchange(409, "application/problem+json", "{}", new Dictionary<string, string>(), [], null)));
        Assert.NotEmpty(Check(Ok("""{"count": 3}""") with { ContentType = "text/plain" }));
        Assert.NotEmpty(Check(Ok("""{"count": 3}""") with { Headers = new Dictionary<string, string> { ["Content-Language"] = "en", ["Idempotent-Replayed"] = "true" } }));
        Assert.NotEmpty(Check(Ok("""{"count": 3}""") with { Headers = new Dictionary<string, string>() }));
    }

    [Fact]
    public void AcceptedQueryParameterSpeltOtherwiseOrOfTheWrongTypeIsAMismatch()
    {
        Assert.NotEmpty(Check(Ok("""{"count": 3}"""), ("Limit", "10")));
        Assert.NotEmpty(Check(Ok("""{"count": 3}"""), ("limit", "ten")));
    }

    [Fact]
    public void PathOfTheWrongFormatIsNotTheOperation()
    {
        Assert.Null(Contract.Find("GET", "/v1/things/not-a-uuid"));
        Assert.NotNull(Contract.Find("GET", Path));
    }

    private static Exchange Ok(string body) =>
        new(200, "application/json", body, new Dictionary<string, string> { ["Content-Language"] = "en", ["Date"] = "today" }, [], null);

    private static List<string> Check(Exchange exchange, params (string, string)[] query) =>
        Contract.Check(Contract.Find("GET", Path)!, exchange with { Query = query });
}
