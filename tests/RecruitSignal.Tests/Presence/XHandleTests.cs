using RecruitSignal.Presence.X;

namespace RecruitSignal.Tests.Presence;

/// <summary>Design section 4: what ATSs really hold, parsed to a username; everything else rejected with a reason.</summary>
public class XHandleTests
{
    [Theory]
    [InlineData("camille_m", "camille_m")]
    [InlineData("@camille_m", "camille_m")]
    [InlineData("  @camille_m  ", "camille_m")]
    [InlineData("https://x.com/camille_m", "camille_m")]
    [InlineData("https://x.com/camille_m/", "camille_m")]
    [InlineData("twitter.com/Camille_M/", "Camille_M")]
    [InlineData("x.com/camille_m", "camille_m")]
    [InlineData("https://mobile.twitter.com/camille_m?lang=fr", "camille_m")]
    [InlineData("http://www.x.com/camille_m#top", "camille_m")]
    [InlineData("https://www.twitter.com/camille_m", "camille_m")]
    [InlineData("HTTPS://X.COM/Camille_M", "Camille_M")]
    [InlineData("a", "a")]
    [InlineData("_", "_")]
    [InlineData("C4mille_2025", "C4mille_2025")]
    public void WhatAtsHoldParsesToTheUsername(string input, string expected)
    {
        Assert.True(XHandle.TryParse(input, out var handle, out var error), error);

        Assert.Equal(expected, handle.Value);
        Assert.Equal(expected, handle.ToString());
        Assert.Null(error);
    }

    [Fact]
    public void FifteenCharacterNameIsAccepted()
    {
        var name = new string('a', 7) + "_" + new string('9', 7);
        Assert.Equal(15, name.Length);

        Assert.True(XHandle.TryParse(name, out var handle, out _));
        Assert.Equal(name, handle.Value);
        Assert.True(XHandle.TryParse("https://x.com/" + name, out var fromUrl, out _));
        Assert.Equal(name, fromUrl.Value);
    }

    [Fact]
    public void HandleKeepsItsDisplayCaseButMatchesWhateverTheCase()
    {
        var display = XHandle.Parse("twitter.com/Camille_M/");

        Assert.Equal("Camille_M", display.Value);
        Assert.True(display.Matches(XHandle.Parse("@camille_m")));
        Assert.True(XHandle.Parse("CAMILLE_M").Matches(display));
        Assert.False(display.Matches(XHandle.Parse("camille_m2")));
    }

    [Theory]
    [InlineData("https://linkedin.com/in/camille")]
    [InlineData("https://x.company.com/camille")]
    [InlineData("https://notx.com/camille")]
    [InlineData("https://x.com.evil.io/camille")]
    [InlineData("facebook.com/camille")]
    [InlineData("camille.m")]
    public void OtherHostsAreRejected(string input) => AssertRejected(input);

    [Theory]
    [InlineData("https://x.com/home")]
    [InlineData("https://x.com/i/flow/login")]
    [InlineData("https://x.com/search?q=a")]
    [InlineData("https://twitter.com/intent/follow?screen_name=a")]
    [InlineData("https://x.com/share")]
    [InlineData("https://x.com/status/123")]
    [InlineData("https://x.com/camille_m/status/1")]
    [InlineData("https://x.com/explore")]
    [InlineData("https://x.com/settings")]
    [InlineData("https://x.com/")]
    [InlineData("x.com")]
    public void PathsThatAreNotProfilesAreRejected(string input) => AssertRejected(input);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("@")]
    [InlineData("@ ")]
    public void EmptyNamesAreRejected(string? input) => AssertRejected(input);

    [Theory]
    [InlineData("abcdefghijklmnop")]
    [InlineData("@abcdefghijklmnop")]
    [InlineData("https://x.com/abcdefghijklmnop")]
    public void NamesOverFifteenCharactersAreRejected(string input)
    {
        Assert.Equal(16, input.TrimStart('@').Split('/')[^1].Length);

        AssertRejected(input);
    }

    [Theory]
    [InlineData("camille-m")]
    [InlineData("camille m")]
    [InlineData("camille!")]
    [InlineData("@@camille")]
    [InlineData("camillé")]
    [InlineData("https://x.com/camille-m")]
    [InlineData("https://x.com/@camille_m")]
    [InlineData("https://x.com/camille%20m")]
    public void OtherCharactersAreRejected(string input) => AssertRejected(input);

    [Theory]
    [InlineData("https://x.com/camille%0A")]
    [InlineData("x.com/camille_m%0a")]
    public void EncodedLineBreakInAProfileUrlIsRejected(string input) => AssertRejected(input);

    [Theory]
    [InlineData("ftp://x.com/camille")]
    [InlineData("javascript://x.com/camille")]
    [InlineData("mailto:camille@x.com")]
    public void SchemesOtherThanHttpAreRejected(string input) => AssertRejected(input);

    [Fact]
    public void ParseThrowsFormatExceptionWithTheReason()
    {
        var exception = Assert.Throws<FormatException>(() => XHandle.Parse("https://linkedin.com/in/camille"));

        Assert.Contains("linkedin.com", exception.Message, StringComparison.Ordinal);
    }

    private static void AssertRejected(string? input)
    {
        Assert.False(XHandle.TryParse(input, out var handle, out var error), $"'{input}' was accepted as '{handle}'");
        Assert.Null(handle);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
