using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Prompts.Tests.Iocs;

public sealed class IocExtractorTests
{
    private static IReadOnlyList<Ioc> Extract(string text) => IocExtractor.Default.Extract(text);

    private static Ioc Single(string text, IocType type) => Assert.Single(Extract(text), ioc => ioc.Type == type);

    [Fact]
    public void A_url_yields_itself_and_its_host()
    {
        var iocs = Extract("GET https://Cdn.Evil-Files.NET:8443/Drop/A.bin?x=1 200");

        Assert.Equal(
            [new Ioc(IocType.Url, "https://cdn.evil-files.net:8443/Drop/A.bin?x=1"), new Ioc(IocType.Domain, "cdn.evil-files.net")],
            iocs);
    }

    [Fact]
    public void A_url_on_an_ip_yields_the_address()
    {
        Assert.Equal(
            [new Ioc(IocType.Url, "http://[2001:db8::1]:8080/x", true), new Ioc(IocType.Ipv6, "2001:db8::1", true)],
            Extract("posted to http://[2001:0db8::0001]:8080/x"));
    }

    [Fact]
    public void An_email_yields_itself_and_its_domain() =>
        Assert.Equal(
            [new Ioc(IocType.Email, "hr-team@fabrikam-payroll.com"), new Ioc(IocType.Domain, "fabrikam-payroll.com")],
            Extract("From: HR-Team@Fabrikam-Payroll.COM"));

    [Theory]
    [InlineData("(alice@fabrikam-payroll.com)")]
    [InlineData("<alice@fabrikam-payroll.com>,")]
    [InlineData("'alice@fabrikam-payroll.com'")]
    [InlineData("\"alice@fabrikam-payroll.com\";")]
    public void An_email_next_to_punctuation_is_bounded_by_it(string text) =>
        Assert.Equal("alice@fabrikam-payroll.com", Single($"to {text} sent", IocType.Email).Value);

    [Theory]
    [InlineData("ops@[203.0.113.7]", "ops@[203.0.113.7]", IocType.Ipv4, "203.0.113.7")]
    [InlineData("ops@[IPv6:2001:0db8::0001]", "ops@[IPv6:2001:db8::1]", IocType.Ipv6, "2001:db8::1")]
    public void An_email_with_an_address_literal_yields_the_address(string text, string email, IocType type, string address) =>
        Assert.Equal(
            [new Ioc(IocType.Email, email, true), new Ioc(type, address, true)],
            Extract($"RCPT TO:<{text}>"));

    [Theory]
    [InlineData("CVE 2014-1001", "CVE-2014-1001")]
    [InlineData("CVE_2021_44228", "CVE-2021-44228")]
    [InlineData("cve-2021-44228", "CVE-2021-44228")]
    [InlineData("CVE\u20112021\u201144228", "CVE-2021-44228")]
    [InlineData("CVE\u20132023\u20134863", "CVE-2023-4863")]
    [InlineData("CVE-1999-0001", "CVE-1999-0001")]
    [InlineData("CVE-2021-10000000", "CVE-2021-10000000")]
    public void Cve_ids_with_other_separators_are_reported_in_canonical_form(string text, string expected) =>
        Assert.Equal(expected, Single(text, IocType.Cve).Value);

    [Theory]
    [InlineData("shop.evil-outlet.com/wp/up.php", "shop.evil-outlet.com/wp/up.php")]
    [InlineData("Evil-Outlet.com:8443/A?x=1.", "evil-outlet.com:8443/A?x=1")]
    public void A_url_without_a_scheme_is_reported_as_written_with_its_domain(string text, string expected) =>
        Assert.Equal(
            [new Ioc(IocType.Url, expected), new Ioc(IocType.Domain, expected.Split('/', ':')[0])],
            Extract($"GET {text}"));

    [Fact]
    public void A_domain_in_a_url_query_is_reported() =>
        Assert.Contains(new Ioc(IocType.Domain, "evil-landing.net"), Extract("http://go.links-r.com/redirect?to=evil-landing.net&x=1"));

    [Theory]
    [InlineData("[https://a-feed.com/r/1](https://a-feed.com/r/1)")]
    [InlineData("[a-feed.com/r/1](https://a-feed.com/r/1)")]
    public void A_markdown_link_to_itself_is_one_url(string text) =>
        Assert.Equal(["https://a-feed.com/r/1"], Extract(text).Where(i => i.Type == IocType.Url).Select(i => i.Value));

    [Fact]
    public void A_markdown_link_between_two_urls_yields_both() =>
        Assert.Equal(
            ["https://a-mirror.net/x", "https://b-origin.org/y"],
            Extract("[https://a-mirror.net/x](https://b-origin.org/y)").Where(i => i.Type == IocType.Url).Select(i => i.Value));

    [Theory]
    [InlineData("src:2a03:2880:f12f:83:face:b00c:0:25de", "2a03:2880:f12f:83:face:b00c:0:25de")]
    [InlineData("2a00:1450:4001:0829:0000:0000:0000:200e", "2a00:1450:4001:829::200e")]
    [InlineData("2a0e:db8:0:0:1:0:0:1", "2a0e:db8::1:0:0:1")]
    [InlineData("[fe80::1ff:fe23:4567:890a%eth2]:8080", "fe80::1ff:fe23:4567:890a")]
    public void Ipv6_in_every_written_form_is_reported_in_rfc_5952_form(string text, string expected) =>
        Assert.Equal(expected, Single($"peer {text} seen", IocType.Ipv6).Value);

    [Theory]
    [InlineData("'d41d8cd98f00b204e9800998ecf8427e'")]
    [InlineData("0xd41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("was d41d8cd98f00b204e9800998ecf8427e.")]
    public void A_hash_in_quotes_after_0x_or_at_a_sentence_end_is_reported(string text) =>
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", Single($"md5 {text}", IocType.Md5).Value);

    [Fact]
    public void An_ipv4_after_an_ellipsis_is_reported() =>
        Assert.Equal("8.8.4.4", Single("dropped...8.8.4.4 retried", IocType.Ipv4).Value);

    [Fact]
    public void Results_are_distinct_and_in_order_of_first_occurrence()
    {
        var iocs = Extract("CVE-2024-3400 then 45.9.148.3, EVIL.top, 45.9.148.3 and evil.top and cve-2024-3400");

        Assert.Equal(
            [new Ioc(IocType.Cve, "CVE-2024-3400"), new Ioc(IocType.Ipv4, "45.9.148.3"), new Ioc(IocType.Domain, "evil.top")],
            iocs);
    }

    [Theory]
    [InlineData("2001:0DB8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329")]
    [InlineData("fe80::1c2d:3eff:fe4f:5a6b%eth0", "fe80::1c2d:3eff:fe4f:5a6b")]
    [InlineData("fe80::1%25", "fe80::1")]
    [InlineData("[2a02:c207:3008:1234::1]:51000", "2a02:c207:3008:1234::1")]
    public void Ipv6_is_reported_in_canonical_compressed_form(string text, string expected) =>
        Assert.Equal(expected, Single($"from {text} blocked", IocType.Ipv6).Value);

    [Theory]
    [InlineData("Hashes: SHA1={0},MD5={1},SHA256={2},IMPHASH={3}")]
    [InlineData("hashes=md5={1},sha1={0},sha256={2},imphash={3}")]
    public void Sysmon_hash_strings_yield_each_file_hash_but_not_the_imphash(string format)
    {
        const string sha1 = "3B1EFD3A66EA28B16697394703A72CA340A05BD5";
        const string md5 = "9E107D9D372BB6826BD81D3542A419D6";
        const string sha256 = "D7A8FBB307D7809469CA9ABCB0082E4F8D5651E46D3CDB762D02D0BF37C9E592";
        const string imphash = "F34D5F2D4577ED6D9CEEC516C1F5A744";
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, sha1, md5, sha256, imphash);

        var iocs = Extract(text);

        Assert.Equal(3, iocs.Count);
        Assert.Contains(new Ioc(IocType.Sha1, sha1.ToLowerInvariant()), iocs);
        Assert.Contains(new Ioc(IocType.Md5, md5.ToLowerInvariant()), iocs);
        Assert.Contains(new Ioc(IocType.Sha256, sha256.ToLowerInvariant()), iocs);
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.31.0.1")]
    [InlineData("192.168.56.1")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.1")]
    [InlineData("198.19.255.1")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("239.255.255.250")]
    [InlineData("250.1.1.1")]
    [InlineData("255.255.255.255")]
    public void Private_and_reserved_ipv4_are_internal(string address) => Assert.True(Single($"ip {address} seen", IocType.Ipv4).Internal);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("198.20.0.1")]
    [InlineData("192.0.3.1")]
    [InlineData("223.255.255.255")]
    public void Public_ipv4_is_external(string address) => Assert.False(Single($"ip {address} seen", IocType.Ipv4).Internal);

    [Theory]
    [InlineData("::ffff:10.14.2.31", "10.14.2.31", true)]
    [InlineData("::FFFF:192.168.1.5", "192.168.1.5", true)]
    [InlineData("::ffff:8.8.8.8", "8.8.8.8", false)]
    public void Ipv4_mapped_ipv6_is_reported_as_its_ipv4_address(string text, string expected, bool isInternal)
    {
        var ioc = Single($"Source Network Address: {text} Source Port: 50122", IocType.Ipv4);
        Assert.Equal((expected, isInternal), (ioc.Value, ioc.Internal));
        Assert.DoesNotContain(IocExtractor.Default.Extract($"Source Network Address: {text}"), i => i.Type == IocType.Ipv6);
    }

    [Theory]
    [InlineData("::1", true)]
    [InlineData("fd00:1::5", true)]
    [InlineData("fc00:1::5", true)]
    [InlineData("fe80::1", true)]
    [InlineData("febf::1", true)]
    [InlineData("ff02::fb", true)]
    [InlineData("2001:db8:1::1", true)]
    [InlineData("fec0::1", false)]
    [InlineData("2001:db9::1", false)]
    [InlineData("2606:4700::1111", false)]
    public void Ipv6_internal_marking_follows_the_reserved_ranges(string address, bool expected) =>
        Assert.Equal(expected, Single($"ip {address} seen", IocType.Ipv6).Internal);

    [Theory]
    [InlineData("dc01.corp.local", true)]
    [InlineData("app.localhost", true)]
    [InlineData("api.internal", true)]
    [InlineData("nas.lan", true)]
    [InlineData("nas.home.arpa", true)]
    [InlineData("build.test", true)]
    [InlineData("www.example", true)]
    [InlineData("x.invalid", true)]
    [InlineData("example.com", true)]
    [InlineData("www.example.net", true)]
    [InlineData("mail.example.org", true)]
    [InlineData("notexample.com", false)]
    [InlineData("example.com.evil.ru", false)]
    [InlineData("abc.onion", false)]
    [InlineData("arpa.home.evil.net", false)]
    public void Reserved_domain_names_are_kept_and_marked_internal(string domain, bool expected) =>
        Assert.Equal(expected, Single($"host {domain} seen", IocType.Domain).Internal);

    [Fact]
    public void A_url_is_internal_when_its_host_is()
    {
        Assert.True(Single("see http://jenkins.build.internal:8080/job", IocType.Url).Internal);
        Assert.True(Single("see http://10.0.0.5/admin", IocType.Url).Internal);
        Assert.False(Single("see http://185.1.2.3/admin", IocType.Url).Internal);
    }

    [Theory]
    [InlineData("evil[.]zip")]
    [InlineData("update-service[.]sh")]
    [InlineData("https://setup.zip/download")]
    [InlineData("cdn.evil-files.zip")]
    public void File_extension_tlds_count_when_defanged_in_a_url_or_with_three_labels(string text) =>
        Assert.Contains(Extract($"indicator {text} seen"), ioc => ioc.Type == IocType.Domain);

    [Theory]
    [InlineData("Process svchost.exe spawned payload.ps1 and wrote lsass.dmp via comsvcs.dll")]
    [InlineData("Mail attachment invoice.pdf.exe and report.doc.zip")]
    [InlineData("ran script.sh, run.py, perl.pl, readme.md, archive.zip, clip.mov, lib.so, Main.java, main.tf, notes.one")]
    [InlineData("New-Object System.Net.WebClient; [System.Management.Automation.AmsiUtils]; Microsoft.Win32.Registry; System.Net.Security")]
    [InlineData("CreateObject(\"WScript.Shell\") and ADODB.Stream and wscript.shell")]
    [InlineData(@"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run\updater.exe C:\Windows\System32\drivers\etc\hosts")]
    [InlineData(@"C:\Program Files (x86)\Microsoft.NET\Framework64\v4.0.30319\csc.exe /tmp/.x/run.sh /etc/resolv.conf")]
    [InlineData("OS 10.0.19041.1 build 6.1.7601 agent 1.2.3 FileVersion: 5.1.0.12 version 2.4.10.1 OID 1.3.6.1.4.1.311")]
    [InlineData("2024-03-12T10:22:33.123Z 12.03.2024 10:22:33 1710238953.123 08:00:00-16:30:00")]
    [InlineData("LogonGuid: {6AF0698E-D558-4F6D-9B33-5B5F6E2C5E7D} {6AF0698ED5584F6D9B335B5F6E2C5E7D}")]
    [InlineData("S-1-5-21-3623811015-3361044348-30300820-1013 Logon ID: 0xC61D9 Handle 0x00000000000004b8")]
    [InlineData("IMPHASH=F34D5F2D4577ED6D9CEEC516C1F5A744 ja3=e7d705a3286e19ea42f587b344ee6865")]
    [InlineData("0123456789abcdef0123456789abcde 0123456789abcdef0123456789abcdef0 aBcDeF0123456789aBcDeF0123456789")]
    [InlineData("SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA")]
    [InlineData("root@localhost; $p = @{Name='x'}; Invoke-Thing @p; admin@corp; x@y.exe; ops@intranet.notatld")]
    [InlineData("at com.example.app.Main.run(Main.java:42) org.apache.log4j.Logger; X-Powered-By: ASP.NET")]
    [InlineData("Investigation done.Review it; Hello.World; e.g. i.e. U.S. etc.")]
    [InlineData("std::string [Convert]::FromBase64String :: 12:30:45 00:1A:2B:3C:4D:5E 12::")]
    [InlineData("spring.application.name=billing {\"user.email\":\"x\"} fields host.name and user.email")]
    [InlineData("$client.DownloadString($u); foo.run(); json.loads(data)")]
    [InlineData("CVE-21-1234 CVE-2021-123 XCVE-2021-44228 CVE-2021-44228a")]
    [InlineData("http://intranet/login http://localhost:8080/x 256.1.1.1 1.2.3.4.5 v1.2.3.4")]
    public void Traps_yield_nothing(string text) => Assert.Empty(Extract(text));

    [Fact]
    public void A_unc_host_is_a_domain() =>
        Assert.Equal("fs02.corp.local", Single(@"opened \\fs02.corp.local\finance$\q3.xlsx", IocType.Domain).Value);

    [Theory]
    [InlineData("Service Name: MSSQLSvc/sql01.corp.local:1433", "sql01.corp.local")]
    [InlineData("setspn shows HTTP/web01.corp.local", "web01.corp.local")]
    public void Kerberos_service_principal_hosts_are_domains(string text, string expected) =>
        Assert.Equal(expected, Single(text, IocType.Domain).Value);

    [Fact]
    public void Names_in_a_url_path_are_not_domains_but_hashes_and_cves_there_are()
    {
        var iocs = Extract("https://intel.example-ti.com/r/CVE-2023-4966/d41d8cd98f00b204e9800998ecf8427e/evil.top.html");

        Assert.DoesNotContain(iocs, ioc => ioc.Value == "evil.top");
        Assert.Contains(new Ioc(IocType.Cve, "CVE-2023-4966"), iocs);
        Assert.Contains(new Ioc(IocType.Md5, "d41d8cd98f00b204e9800998ecf8427e"), iocs);
    }

    [Fact]
    public void Urls_nested_in_a_query_are_reported_too()
    {
        var urls = Extract("https://r.mailtrack.co/r?to=https://evil-landing.top/p1").Where(i => i.Type == IocType.Url).Select(i => i.Value);

        Assert.Equal(["https://r.mailtrack.co/r?to=https://evil-landing.top/p1", "https://evil-landing.top/p1"], urls);
    }

    [Theory]
    [InlineData("(https://bit-ly.link/3xYz),", "https://bit-ly.link/3xYz")]
    [InlineData("see https://a-b.net/x.", "https://a-b.net/x")]
    [InlineData("https://en.wikipedia-mirror.org/wiki/Foo_(bar) ok", "https://en.wikipedia-mirror.org/wiki/Foo_(bar)")]
    [InlineData("'http://185.141.27.120/a.ps1')", "http://185.141.27.120/a.ps1")]
    public void Url_ends_exclude_surrounding_punctuation(string text, string expected) =>
        Assert.Equal(expected, Single(text, IocType.Url).Value);

    [Fact]
    public void A_trailing_dot_is_removed_from_domains() =>
        Assert.Equal("c2.darkpulse.io", Single("query c2.darkpulse.io. answered", IocType.Domain).Value);

    [Fact]
    public void Punycode_domains_are_kept() =>
        Assert.Equal("xn--80ak6aa92e.xn--p1ai", Single("link XN--80AK6AA92E.XN--P1AI seen", IocType.Domain).Value);

    [Fact]
    public void Empty_text_yields_nothing() => Assert.Empty(Extract(string.Empty));

    [Fact]
    public void Null_text_yields_nothing() => Assert.Empty(Extract(null!));

    [Theory]
    [InlineData("evil[dot]top", IocType.Domain, "evil.top")]
    [InlineData("a(at)evil.top", IocType.Email, "a@evil.top")]
    [InlineData("CVE-2024-3400", IocType.Cve, "CVE-2024-3400")]
    [InlineData("2001:db8::1", IocType.Ipv6, "2001:db8::1")]
    [InlineData("0123456789abcdef0123456789abcdef", IocType.Md5, "0123456789abcdef0123456789abcdef")]
    public void Short_texts_that_hold_an_indicator_are_still_scanned(string text, IocType type, string value) =>
        Assert.Equal(value, Single(text, type).Value);

    [Theory]
    [InlineData("4624")]
    [InlineData("Security")]
    [InlineData("0123456789abcdef0123456789abcde")]
    public void Short_texts_without_an_indicator_character_yield_nothing(string text) => Assert.Empty(Extract(text));
}
