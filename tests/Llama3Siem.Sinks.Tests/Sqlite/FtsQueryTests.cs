using Llama3Siem.Sinks.Sqlite;

namespace Llama3Siem.Sinks.Tests.Sqlite;

public sealed class FtsQueryTests
{
    [Theory]
    [InlineData("beaconing", "\"beaconing\"")]
    [InlineData("lateral movement", "\"lateral\" \"movement\"")]
    [InlineData("  10.1.2.3\tevil.example.com ", "\"10.1.2.3\" \"evil.example.com\"")]
    [InlineData("T1003.001", "\"T1003.001\"")]
    public void Each_term_becomes_a_quoted_string(string text, string expected)
    {
        Assert.Equal(expected, FtsQuery.FromUserText(text));
    }

    [Theory]
    [InlineData("say\"hi", "\"say\"\"hi\"")]
    [InlineData("\"quoted phrase\"", "\"\"\"quoted\" \"phrase\"\"\"")]
    public void Quotes_inside_a_term_are_doubled(string text, string expected)
    {
        Assert.Equal(expected, FtsQuery.FromUserText(text));
    }

    [Theory]
    [InlineData("a OR b", "\"a\" \"b\"")]
    [InlineData("a AND NOT b", "\"a\" \"b\"")]
    [InlineData("NEAR(a b)", "\"a\" \"b)\"")]
    [InlineData("a or b", "\"a\" \"or\" \"b\"")]
    public void Upper_case_operators_are_dropped_and_lower_case_words_kept(string text, string expected)
    {
        Assert.Equal(expected, FtsQuery.FromUserText(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"")]
    [InlineData("* - ^ ( ) :")]
    [InlineData("OR AND NOT NEAR")]
    [InlineData("\uE000 \u0001")]
    public void Text_without_anything_searchable_gives_no_query(string? text)
    {
        Assert.Null(FtsQuery.FromUserText(text));
    }

    [Fact]
    public void Control_and_private_use_characters_are_removed_from_terms()
    {
        Assert.Equal("\"ab\"", FtsQuery.FromUserText("a\0\uE000b"));
    }

    [Fact]
    public void Terms_beyond_the_maximum_are_ignored()
    {
        var text = string.Join(' ', Enumerable.Range(0, FtsQuery.MaxTerms + 5).Select(index => $"t{index}"));

        var query = FtsQuery.FromUserText(text)!;

        Assert.Equal(FtsQuery.MaxTerms, query.Split(' ').Length);
        Assert.DoesNotContain($"t{FtsQuery.MaxTerms}", query, StringComparison.Ordinal);
    }
}
