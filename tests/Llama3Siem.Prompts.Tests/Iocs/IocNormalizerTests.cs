using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Prompts.Tests.Iocs;

public sealed class IocNormalizerTests
{
    [Theory]
    [InlineData(IocType.Ipv4, " 185.220.101.034 ", "185.220.101.34")]
    [InlineData(IocType.Ipv4, "91.215.85[.]17", "91.215.85.17")]
    [InlineData(IocType.Ipv6, "2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData(IocType.Ipv6, "[fe80::1%eth0]", "fe80::1")]
    [InlineData(IocType.Domain, "EVIL.Example-Co.COM.", "evil.example-co.com")]
    [InlineData(IocType.Domain, "evil[.]zip", "evil.zip")]
    [InlineData(IocType.Url, "hxxps://EVIL.com:8443/Path/To?Q=A", "https://evil.com:8443/Path/To?Q=A")]
    [InlineData(IocType.Url, "http://[2001:DB8::0001]:8080/x", "http://[2001:db8::1]:8080/x")]
    [InlineData(IocType.Email, "John.Doe[@]Contoso.COM", "john.doe@contoso.com")]
    [InlineData(IocType.Md5, "D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData(IocType.Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData(IocType.Sha256, "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(IocType.Cve, "cve-2021-44228", "CVE-2021-44228")]
    [InlineData(IocType.Cve, "CVE 2014-1001", "CVE-2014-1001")]
    [InlineData(IocType.Cve, "CVE_2021_44228", "CVE-2021-44228")]
    [InlineData(IocType.Cve, "CVE\u20112021\u201144228", "CVE-2021-44228")]
    [InlineData(IocType.Cve, "CVE-2021-10000000", "CVE-2021-10000000")]
    [InlineData(IocType.Url, "EVIL.com/Path?q=1", "evil.com/Path?q=1")]
    [InlineData(IocType.Url, "evil[.]com:8080/x", "evil.com:8080/x")]
    [InlineData(IocType.Email, "Ops@[IPv6:2001:DB8:0:0::1]", "ops@[IPv6:2001:db8::1]")]
    [InlineData(IocType.Email, "a@[010.1.2.3]", "a@[10.1.2.3]")]
    public void Valid_claims_are_normalised(IocType type, string claimed, string expected)
    {
        Assert.True(IocNormalizer.TryNormalize(type, claimed, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(IocType.Ipv4, "256.1.1.1")]
    [InlineData(IocType.Ipv4, "10.1.1")]
    [InlineData(IocType.Ipv4, "2001:db8::1")]
    [InlineData(IocType.Ipv6, "12:30:45")]
    [InlineData(IocType.Ipv6, "1.2.3.4")]
    [InlineData(IocType.Domain, "svchost.exe")]
    [InlineData(IocType.Domain, "localhost")]
    [InlineData(IocType.Domain, "-evil.com")]
    [InlineData(IocType.Domain, "evil..com")]
    [InlineData(IocType.Url, "evil.com")]
    [InlineData(IocType.Url, "evil.com/")]
    [InlineData(IocType.Url, "10.0.0.0/8")]
    [InlineData(IocType.Url, "user@evil.com/x")]
    [InlineData(IocType.Url, "javascript://evil.com")]
    [InlineData(IocType.Url, "http://intranet/login")]
    [InlineData(IocType.Url, "http://evil.com:99999/")]
    [InlineData(IocType.Email, "root@localhost")]
    [InlineData(IocType.Email, "a..b@evil.com")]
    [InlineData(IocType.Email, "@evil.com")]
    [InlineData(IocType.Email, "a@[300.1.1.1]")]
    [InlineData(IocType.Email, "a@[IPv6:1.2.3.4]")]
    [InlineData(IocType.Md5, "d41d8cd98f00b204e9800998ecf8427")]
    [InlineData(IocType.Md5, "z41d8cd98f00b204e9800998ecf8427e")]
    [InlineData(IocType.Sha256, "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData(IocType.Cve, "CVE-2021-123")]
    [InlineData(IocType.Cve, "CVE-1988-1234")]
    [InlineData(IocType.Cve, "CVE-2021-44228x")]
    [InlineData(IocType.Cve, "CVE 2021 44228")]
    [InlineData(IocType.Cve, "CVE--2021-44228")]
    [InlineData(IocType.Domain, "")]
    [InlineData(IocType.Domain, "   ")]
    public void Invalid_claims_are_refused(IocType type, string claimed)
    {
        Assert.False(IocNormalizer.TryNormalize(type, claimed, out var normalized));
        Assert.Equal(string.Empty, normalized);
    }

    [Fact]
    public void Null_claims_are_refused() => Assert.False(IocNormalizer.TryNormalize(IocType.Domain, null!, out _));

    [Fact]
    public void Unknown_types_are_refused() => Assert.False(IocNormalizer.TryNormalize((IocType)99, "evil.com", out _));

    [Fact]
    public void Normal_forms_match_what_the_extractor_reports()
    {
        const string text = "hxxps://EVIL[.]Com:8443/A?b=C from 2001:DB8:0:0::7 by Bob[@]Evil.COM, MD5 D41D8CD98F00B204E9800998ECF8427E";
        foreach (var ioc in IocExtractor.Default.Extract(text))
        {
            Assert.True(IocNormalizer.TryNormalize(ioc.Type, ioc.Value, out var normalized));
            Assert.Equal(ioc.Value, normalized);
            Assert.Equal(ioc.Internal, IocNormalizer.IsInternal(ioc.Type, normalized));
        }
    }
}
