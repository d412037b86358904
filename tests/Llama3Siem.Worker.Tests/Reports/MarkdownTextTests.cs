using Llama3Siem.Worker.Reports;

namespace Llama3Siem.Worker.Tests.Reports;

public sealed class MarkdownTextTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("a &amp; b", "a &amp;amp; b")]
    public void Html_is_shown_as_text(string text, string expected) =>
        Assert.Equal(expected, MarkdownText.Escape(text));

    [Theory]
    [InlineData("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))")]
    [InlineData("![x](http://evil/p.png)", "!\\[x\\](http://evil/p.png)")]
    [InlineData("*bold* _em_ ~~gone~~ `code`", "\\*bold\\* \\_em\\_ \\~\\~gone\\~\\~ \\`code\\`")]
    [InlineData(@"C:\Users\bob", @"C:\\Users\\bob")]
    [InlineData("a | b", "a \\| b")]
    public void Inline_syntax_is_escaped(string text, string expected) =>
        Assert.Equal(expected, MarkdownText.Escape(text));

    [Theory]
    [InlineData("# heading", "\\# heading")]
    [InlineData("- item", "\\- item")]
    [InlineData("+ item", "\\+ item")]
    [InlineData("> quote", "&gt; quote")]
    [InlineData("1. first", "1\\. first")]
    [InlineData("  42) answer", "  42\\) answer")]
    public void A_leading_block_marker_is_escaped(string text, string expected) =>
        Assert.Equal(expected, MarkdownText.Escape(text));

    [Theory]
    [InlineData("ws-1", "ws-1")]
    [InlineData("T1003.001", "T1003.001")]
    [InlineData("2026-03-02 01:00Z", "2026-03-02 01:00Z")]
    [InlineData("10.0.0.5", "10.0.0.5")]
    [InlineData("2024.", "2024\\.")]
    public void Ordinary_values_are_unchanged(string text, string expected) =>
        Assert.Equal(expected, MarkdownText.Escape(text));

    [Fact]
    public void Line_breaks_become_spaces_so_text_stays_in_its_cell()
    {
        Assert.Equal("one  two three four # five", MarkdownText.Escape("one\r\ntwo\nthree\u2028four\n# five"));
    }
}
