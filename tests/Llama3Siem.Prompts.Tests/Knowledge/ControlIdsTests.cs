using Llama3Siem.Prompts.Knowledge;

namespace Llama3Siem.Prompts.Tests.Knowledge;

public sealed class ControlIdsTests
{
    [Theory]
    [InlineData("AC-02", "AC-2")]
    [InlineData("ac-2", "AC-2")]
    [InlineData("AC-2(4)", "AC-2(4)")]
    [InlineData("AC-02(04)", "AC-2(4)")]
    [InlineData("ac-2.4", "AC-2(4)")]
    [InlineData(" si-4 ", "SI-4")]
    [InlineData("SC-007", "SC-7")]
    public void Control_ids_normalise_to_the_canonical_form(string input, string expected)
    {
        Assert.True(ControlIds.TryNormalize(input, out var canonical));
        Assert.Equal(expected, canonical);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AC")]
    [InlineData("AC-")]
    [InlineData("A-2")]
    [InlineData("AC2")]
    [InlineData("AC-2(")]
    [InlineData("AC-2; DROP")]
    public void Malformed_control_ids_are_rejected(string input) =>
        Assert.False(ControlIds.TryNormalize(input, out _));

    [Fact]
    public void The_base_of_an_enhancement_is_its_control() =>
        Assert.Equal("AC-2", ControlIds.BaseOf("AC-2(4)"));
}
