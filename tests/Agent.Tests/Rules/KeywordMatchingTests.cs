using Agent.Rules;
using Messaging.Tenancy.Model;

namespace Agent.Tests.Rules;

public sealed class KeywordMatchingTests
{
    [Theory]
    [InlineData("What are your PRICES?", true)]
    [InlineData("prices", true)]
    [InlineData("price list please", false)]
    [InlineData("pricesless", false)]
    [InlineData("(prices)", true)]
    public void Whole_word_matches_only_the_word_in_any_case(string text, bool expected) =>
        Assert.Equal(expected, KeywordMatching.Matches(new KeywordMatcher(["prices"], KeywordMode.WholeWord), text));

    [Theory]
    [InlineData("I want to book a table", true)]
    [InlineData("Bookings open?", true)]
    [InlineData("nothing here", false)]
    public void Substring_matches_inside_words(string text, bool expected) =>
        Assert.Equal(expected, KeywordMatching.Matches(new KeywordMatcher(["book"], KeywordMode.Substring), text));

    [Fact]
    public void Any_keyword_of_the_list_matches_and_phrases_match_as_a_whole()
    {
        var matcher = new KeywordMatcher(["opening hours", "open"], KeywordMode.WholeWord);
        Assert.True(KeywordMatching.Matches(matcher, "What are your opening hours?"));
        Assert.True(KeywordMatching.Matches(matcher, "are you open"));
        Assert.False(KeywordMatching.Matches(matcher, "reopening soon"));
    }
}
