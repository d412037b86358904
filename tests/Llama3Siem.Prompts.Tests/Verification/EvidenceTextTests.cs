using Llama3Siem.Prompts.Verification;

namespace Llama3Siem.Prompts.Tests.Verification;

public sealed class EvidenceTextTests
{
    [Theory]
    [InlineData("from 1.2.3.4:443", "1.2.3.4", true)]
    [InlineData("ip=1.2.3.4.", "1.2.3.4", true)]
    [InlineData("11.2.3.45", "1.2.3.4", false)]
    [InlineData("1.2.3.4.5", "1.2.3.4", false)]
    [InlineData("visit notevil.com now", "evil.com", false)]
    [InlineData("visit EVIL.com now", "evil.com", true)]
    [InlineData("sub.evil.com", "evil.com", false)]
    [InlineData("", "x", false)]
    public void Values_occur_only_as_whole_indicators(string text, string value, bool expected) =>
        Assert.Equal(expected, EvidenceText.Occurs(text, value));
}
