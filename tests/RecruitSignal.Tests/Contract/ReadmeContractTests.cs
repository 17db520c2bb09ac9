using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RecruitSignal.Tests.Contract;

/// <summary>What the README shows a caller to send is what the checked-in document allows.</summary>
public sealed partial class ReadmeContractTests
{
    [Fact]
    public void EveryReadmeRequestBodyValidatesAgainstItsOperation()
    {
        var contract = OpenApiContract.Parse(File.ReadAllText(RepositoryFiles.PathOf("src/RecruitSignal.Api/openapi/v1.json")));
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));

        var commands = CurlWithBody().Matches(readme);

        Assert.True(commands.Count >= 2, "the README's curl examples with a body were not found");
        foreach (Match command in commands)
        {
            var path = Variable().Replace(command.Groups["path"].Value, Guid.NewGuid().ToString());
            var operation = contract.Find("POST", path);
            Assert.True(operation is not null, $"POST {path} is not in the document");
            var schema = operation.Node["requestBody"]!["content"]!["application/json"]!["schema"];
            Assert.True(contract.Valid(schema, JsonNode.Parse(command.Groups["body"].Value), out var error), $"README body for POST {path}: {error}");
        }
    }

    // A curl command with -X POST and a -d body, its continuation lines ending in a backslash.
    [GeneratedRegex(@"curl [^\n]*-X POST http://127\.0\.0\.1:5080(?<path>/v1/[^\s\\]+)[^\n]*?(?:\\\n[^\n]*?)*?-d '(?<body>\{.*?\})'", RegexOptions.Singleline)]
    private static partial Regex CurlWithBody();

    [GeneratedRegex(@"\$[A-Z_]+")]
    private static partial Regex Variable();
}
