using RecruitSignal.Scoring;

namespace RecruitSignal.Tests.Scoring;

/// <summary>Design section 3: which terms make activity professional, and how they match.</summary>
public class RelevanceTermsTests
{
    private static IReadOnlyList<string> Sorted(IEnumerable<string> terms) => [.. terms.Order(StringComparer.Ordinal)];

    [Fact]
    public void KeywordsWinOverTitleAndHeadline()
    {
        var terms = RelevanceTerms.From(["Kubernetes", "Go"], "Senior Java Developer", "Python engineer");

        Assert.Equal(Sorted(["kubernetes", "go"]), Sorted(terms.Terms));
        Assert.Empty(terms.MatchesIn("Senior Java developer, Python engineer"));
    }

    [Fact]
    public void ShortKeywordsAreKeptBecauseTheyWereGiven()
    {
        var terms = RelevanceTerms.From(["Go", "C#", "AI"], "Data Engineer", null);

        Assert.Equal(Sorted(["go", "c#", "ai"]), Sorted(terms.Terms));
    }

    [Fact]
    public void BlankKeywordsFallBackToTitleAndHeadline()
    {
        var terms = RelevanceTerms.From(["", "  ", "!!"], "Data Engineer", null);

        Assert.Equal(Sorted(["data", "engineer"]), Sorted(terms.Terms));
    }

    [Fact]
    public void WithoutKeywordsTheSignificantWordsOfTitleAndHeadlineAreTerms()
    {
        var terms = RelevanceTerms.From(null, "Senior Data Engineer for the Cloud, with Kafka", "Développeuse passionnée dans une équipe");

        Assert.Equal(
            Sorted(["senior", "data", "engineer", "cloud", "kafka", "developpeuse", "passionnee", "equipe"]),
            Sorted(terms.Terms));
    }

    [Theory]
    [InlineData("With About From Their")]
    [InlineData("pour dans avec être même très")]
    [InlineData("Go dev API SRE")]
    [InlineData("")]
    public void StopWordsAndShortWordsAreNotTerms(string title)
    {
        Assert.Empty(RelevanceTerms.From([], title, null).Terms);
    }

    [Fact]
    public void NothingGivenMeansNoTerms()
    {
        var terms = RelevanceTerms.From(null, null, null);

        Assert.Empty(terms.Terms);
        Assert.Empty(terms.MatchesIn("kubernetes java developer"));
    }

    [Fact]
    public void RepeatedWordsGiveOneTerm()
    {
        var terms = RelevanceTerms.From(null, "Java Developer", "JAVA developer");

        Assert.Equal(Sorted(["java", "developer"]), Sorted(terms.Terms));
    }

    [Theory]
    [InlineData("Développeur", "Senior developpeur Java")]
    [InlineData("developpeur", "DÉVELOPPEUR full stack")]
    [InlineData("Kubernetes", "I run KUBERNETES clusters")]
    [InlineData("équipe", "Chef d'Equipe")]
    [InlineData("java", "Java, Kotlin and Scala.")]
    [InlineData("kubernetes", "Fan of #kubernetes")]
    public void MatchingIgnoresCaseAccentsAndPunctuation(string keyword, string text)
    {
        var terms = RelevanceTerms.From([keyword], null, null);

        Assert.Single(terms.MatchesIn(text));
    }

    [Theory]
    [InlineData("java", "I write JavaScript every day")]
    [InlineData("java", "javadoc")]
    [InlineData("data", "metadata and database")]
    [InlineData("go", "Google and golang")]
    [InlineData("c", "C# and C++")]
    [InlineData("c#", "c++ and c")]
    public void MatchingIsOnWholeWordsOnly(string keyword, string text)
    {
        Assert.Empty(RelevanceTerms.From([keyword], null, null).MatchesIn(text));
    }

    [Theory]
    [InlineData("Platform Engineering lead at Acme", true)]
    [InlineData("I love platform-engineering", true)]
    [InlineData("platform and engineering", false)]
    [InlineData("engineering platform", false)]
    [InlineData("platform", false)]
    public void PhrasesMatchOnlyAsContiguousWords(string text, bool matches)
    {
        var terms = RelevanceTerms.From(["platform engineering"], null, null);

        string[] expected = matches ? ["platform engineering"] : [];

        Assert.Equal(expected, terms.MatchesIn(text));
    }

    [Fact]
    public void MatchesAreTheNormalisedTermsFound()
    {
        var terms = RelevanceTerms.From(["Java", "Kubernetes", "Python", "Développeur"], null, null);

        var matches = terms.MatchesIn("Développeur JAVA, python on the side; cats.");

        Assert.Equal(Sorted(["developpeur", "java", "python"]), Sorted(matches));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NoTextMatchesNothing(string? text)
    {
        Assert.Empty(RelevanceTerms.From(["java"], null, null).MatchesIn(text));
    }

    [Theory]
    [InlineData("C# and C++ dev", new[] { "c#", "and", "c++", "dev" })]
    [InlineData("Développeur C#/.NET, c++!", new[] { "developpeur", "c#", "net", "c++" })]
    [InlineData("#java ++", new[] { "java" })]
    [InlineData("Ça coûte ÉNORMÉMENT", new[] { "ca", "coute", "enormement" })]
    public void TokenizingLowersFoldsAccentsAndKeepsCSharpAndCPlusPlus(string text, string[] expected)
    {
        Assert.Equal(expected, RelevanceTerms.Tokenize(text));
    }

    [Theory]
    [InlineData("C#", "Senior C# developer")]
    [InlineData("c++", "Embedded C++ engineer")]
    public void CSharpAndCPlusPlusKeywordsMatch(string keyword, string text)
    {
        Assert.Equal([keyword.ToLowerInvariant()], RelevanceTerms.From([keyword], null, null).MatchesIn(text));
    }
}
