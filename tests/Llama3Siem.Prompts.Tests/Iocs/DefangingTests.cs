using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Prompts.Tests.Iocs;

public sealed class DefangingTests
{
    [Theory]
    [InlineData("hxxp://evil.com", "http://evil.com")]
    [InlineData("hxxps://evil.com", "https://evil.com")]
    [InlineData("hXXp://evil.com", "http://evil.com")]
    [InlineData("HXXPS://evil.com", "https://evil.com")]
    [InlineData("fxp://files.evil.com", "ftp://files.evil.com")]
    [InlineData("hxxp[:]//evil.com", "http://evil.com")]
    [InlineData("hxxps[://]evil.com", "https://evil.com")]
    public void Defanged_schemes_are_refanged(string defanged, string expected) =>
        Assert.Equal(expected, Defanging.Refang(defanged));

    [Theory]
    [InlineData("evil[.]com", "evil.com")]
    [InlineData("evil(.)com", "evil.com")]
    [InlineData("evil{.}com", "evil.com")]
    [InlineData("evil[dot]com", "evil.com")]
    [InlineData("evil(DOT)com", "evil.com")]
    [InlineData("evil{dot}com", "evil.com")]
    [InlineData("1.2.3[.]4", "1.2.3.4")]
    [InlineData("evil.com[:]8080", "evil.com:8080")]
    public void Defanged_dots_and_colons_are_refanged(string defanged, string expected) =>
        Assert.Equal(expected, Defanging.Refang(defanged));

    [Theory]
    [InlineData("bob[@]evil.com", "bob@evil.com")]
    [InlineData("bob(@)evil.com", "bob@evil.com")]
    [InlineData("bob[at]evil.com", "bob@evil.com")]
    [InlineData("bob(at)evil.com", "bob@evil.com")]
    [InlineData("bob{AT}evil.com", "bob@evil.com")]
    public void Defanged_at_signs_are_refanged(string defanged, string expected) =>
        Assert.Equal(expected, Defanging.Refang(defanged));

    [Fact]
    public void Escaped_dots_inside_a_host_are_refanged() =>
        Assert.Equal("^beacon.evil.com$", Defanging.Refang(@"^beacon\.evil\.com$"));

    [Theory]
    [InlineData(@"C:\Users\bob\.ssh\id_rsa")]
    [InlineData(@"C:\temp\.hidden\x")]
    [InlineData(@".*\.exe$")]
    public void Escaped_dots_in_paths_and_patterns_are_left_alone(string text) =>
        Assert.Equal(text, Defanging.Refang(text));

    [Fact]
    public void Json_escaped_slashes_read_as_slashes() =>
        Assert.Equal("https://cdn.evil.net/a", Defanging.Refang(@"https:\/\/cdn.evil.net\/a"));

    [Theory]
    [InlineData("Shxxp://x")]
    [InlineData("the hxxp protocol")]
    [InlineData("meeting at noon")]
    [InlineData("array[0] and (a.b)")]
    public void Text_without_defang_markers_is_unchanged(string text) =>
        Assert.Equal(text, Defanging.Refang(text));

    [Fact]
    public void Refanging_empty_text_gives_empty_text() => Assert.Equal(string.Empty, Defanging.Refang(string.Empty));
}
