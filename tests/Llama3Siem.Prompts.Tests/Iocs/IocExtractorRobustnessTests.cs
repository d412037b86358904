using System.Text;
using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Prompts.Tests.Iocs;

public sealed class IocExtractorRobustnessTests
{
    private const int OneMebibyte = 1 << 20;

    public static TheoryData<string> AdversarialPatterns =>
    [
        "1.",
        "a.",
        "[.]",
        "1[.]",
        "a\\.",
        ":",
        "a:",
        "::ffff:",
        "@a.",
        "a@",
        "http://",
        "hxxp://a[.]",
        "x://",
        "http://a.com/(",
        "http://a.com/.",
        "CVE-",
        "CVE-2024-",
        "0123456789abcdef",
        "-",
        "\\\\",
        "?a.com/",
        "a.com:1/",
        "a@[1.2.3.4]",
        "a@[IPv6:",
        "CVE_2021_",
        "CVE 1999-",
        "0x",
        "[a.com/](http://a.com/",
        "src:a:",
        "...1.2.3.4",
        "%2Fa.com",
    ];

    [Theory]
    [MemberData(nameof(AdversarialPatterns))]
    public async Task A_mebibyte_of_a_repeated_pattern_is_scanned_to_completion(string pattern)
    {
        var text = new StringBuilder(OneMebibyte + pattern.Length);
        while (text.Length < OneMebibyte)
        {
            text.Append(pattern);
        }

        // A backtracking or quadratic scan would take hours on these inputs; the bound only stops a hung run.
        var extraction = Task.Run(() => IocExtractor.Default.Extract(text.ToString()), TestContext.Current.CancellationToken);
        var finished = await Task.WhenAny(extraction, Task.Delay(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));

        Assert.Same(extraction, finished);
        Assert.NotNull(await extraction);
    }

    [Fact]
    public void Random_text_never_makes_extraction_throw()
    {
        const string alphabet = "abcdefxyzABCDEF0123456789.:-_@/\\[](){}%=\"' \n,;hxtpsCVE";
        var random = new Random(20240312);
        for (var round = 0; round < 3000; round++)
        {
            var length = random.Next(0, 200);
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = random.Next(20) == 0 ? (char)random.Next(0, 0xFFFF) : alphabet[random.Next(alphabet.Length)];
            }

            var iocs = IocExtractor.Default.Extract(new string(chars));

            Assert.All(iocs, ioc => Assert.True(IocNormalizer.TryNormalize(ioc.Type, ioc.Value, out var normalized) && normalized == ioc.Value));
        }
    }
}
