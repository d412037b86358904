using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Prompts.Tests.Iocs;

public sealed class IocExtractorOptionsTests
{
    /// <summary>Asserts that the default extractor finds nothing in <paramref name="text"/>, then extracts with <paramref name="relaxed"/>.</summary>
    private static IReadOnlyList<Ioc> ExtractOnlyWhenRelaxed(string text, IocExtractorOptions relaxed)
    {
        Assert.Empty(IocExtractor.Default.Extract(text));
        return new IocExtractor(relaxed).Extract(text);
    }

    [Fact]
    public void The_default_extractor_applies_every_rejection()
    {
        var options = IocExtractor.Default.Options;

        Assert.Equal(IocExtractorOptions.Default, options);
        Assert.True(options.RejectLowEntropyHashes && options.RejectVersionLikeIpv4 && options.RejectDottedTailIpv4 && options.RejectFileAndCodeNames);
        Assert.Equal(8, options.MinimumDistinctHexDigits);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("deadbeefdeadbeefdeadbeefdeadbeef")]
    [InlineData("1212121212121212121212121212121a")]
    public void Low_entropy_hex_runs_are_hashes_only_when_the_rejection_is_off(string hex) =>
        Assert.Equal([new Ioc(IocType.Md5, hex)], ExtractOnlyWhenRelaxed($"md5 {hex} seen", IocExtractorOptions.Default with { RejectLowEntropyHashes = false }));

    [Fact]
    public void The_minimum_of_distinct_hex_digits_decides_what_is_low_entropy() =>
        // Seven distinct digits: 0-4, a, b.
        Assert.Single(ExtractOnlyWhenRelaxed("md5 0123401234ab0123401234ab01234012", IocExtractorOptions.Default with { MinimumDistinctHexDigits = 7 }));

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void A_minimum_of_distinct_hex_digits_outside_1_to_16_is_refused(int minimum) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new IocExtractor(IocExtractorOptions.Default with { MinimumDistinctHexDigits = minimum }));

    [Theory]
    [InlineData("agent version 2.4.10.1 installed", "2.4.10.1")]
    [InlineData("FileVersion: 5.1.0.12", "5.1.0.12")]
    [InlineData("ver 4.8.2.1 shipped", "4.8.2.1")]
    public void Version_like_addresses_are_reported_only_when_the_rejection_is_off(string text, string address) =>
        Assert.Equal([new Ioc(IocType.Ipv4, address)], ExtractOnlyWhenRelaxed(text, IocExtractorOptions.Default with { RejectVersionLikeIpv4 = false }));

    [Theory]
    [InlineData("suffix .198.51.100.7 seen", "198.51.100.7")]
    [InlineData("upgraded to version1.192.0.2.1", "192.0.2.1")]
    [InlineData("tag build.10.20.30.40 pushed", "10.20.30.40")]
    public void Addresses_that_end_a_dotted_token_are_reported_only_when_the_rejection_is_off(string text, string address) =>
        Assert.Equal([address], ExtractOnlyWhenRelaxed(text, IocExtractorOptions.Default with { RejectDottedTailIpv4 = false }).Select(i => i.Value));

    [Theory]
    [InlineData("ran run.py", "run.py")]
    [InlineData("new System.Net.Security", "system.net.security")]
    [InlineData("under Microsoft.NET/Framework", "microsoft.net")]
    public void File_and_code_names_are_domains_only_when_the_rejection_is_off(string text, string domain) =>
        Assert.Contains(new Ioc(IocType.Domain, domain), ExtractOnlyWhenRelaxed(text, IocExtractorOptions.Default with { RejectFileAndCodeNames = false }));
}
