using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Prompts.Tests.Iocs;

public sealed class TopLevelDomainsTests
{
    [Theory]
    [InlineData("com")]
    [InlineData("COM")]
    [InlineData("uk")]
    [InlineData("zip")]
    [InlineData("xn--p1ai")]
    [InlineData("online")]
    public void Delegated_tlds_are_known(string tld) => Assert.True(TopLevelDomains.IsKnown(tld));

    [Theory]
    [InlineData("exe")]
    [InlineData("dll")]
    [InlineData("local")]
    [InlineData("onion")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData(".com")]
    [InlineData("рф")]
    public void Other_names_are_not_known(string? tld) => Assert.False(TopLevelDomains.IsKnown(tld));

    [Fact]
    public void The_embedded_list_is_the_full_root_zone() => Assert.InRange(TopLevelDomains.Count, 1400, 1700);

    [Fact]
    public void The_embedded_list_names_its_source_and_is_lower_case_ascii()
    {
        using var stream = typeof(TopLevelDomains).Assembly.GetManifestResourceStream(TopLevelDomains.ResourceName);
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("# IANA top-level domains from npm package tlds@", lines[0]);
        Assert.All(lines.Skip(1), line => Assert.Matches("^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$", line));
        Assert.Equal(lines.Length - 1, lines.Skip(1).Distinct().Count());
    }
}
