using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Worker.Reports;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>The number check accepts exactly the report's figures, and the deterministic narrative passes it.</summary>
public sealed class NarrativeFiguresTests
{
    private static readonly DateTimeOffset Six = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);

    // 16 incidents: 2 critical, 2 high, 12 low; T1003.001 in 4; AC-2 addresses 5; ws-01 in 3.
    private static ThreatReport Report(long incidents = 16) => new()
    {
        From = Six.AddDays(-1),
        To = Six,
        GeneratedAt = Six.AddMinutes(1),
        Incidents = incidents,
        BySeverity = new Dictionary<string, long> { ["critical"] = 2, ["high"] = 2, ["low"] = 12 },
        OverTime = [new("2026-03-01 09:00", 7), new("2026-03-01 14:00", 9)],
        TopTechniques = [new ReportTechnique("T1003.001", "LSASS Memory", ["credential-access"], 4)],
        TopIocs = [new TermCount("ipv4:10.0.0.5", 3)],
        TopHosts = [new TermCount("ws-01", 3)],
        TopUsers = [new TermCount("alice", 1)],
        RecommendedControls = [new ReportControl("AC-2", "Account Management", 5)],
        NotableIncidents = [new ReportIncident("inc-1", "critical", Six.AddHours(-20).AddMinutes(17), 11, "x")],
    };

    [Theory]
    [InlineData("16 incidents were recorded, 2 of them critical and 12 low.")]
    [InlineData("Credential dumping (T1003.001) appeared in 4 incidents; AC-2 addresses 5.")]
    [InlineData("Host ws-01 and address 10.0.0.5 were involved in 3 incidents.")]
    [InlineData("12.5% of incidents were critical, 75% were low and 25 percent were high or critical.")]
    [InlineData("Between 2026-03-01 06:00Z and 2026-03-02 06:00Z activity peaked at 14:00 with 9 incidents.")]
    [InlineData("The most severe incident, first seen at 10:17, held 11 events over the last 24 hours of 2026.")]
    public void Text_whose_numbers_are_all_figures_passes(string text)
    {
        var check = NarrativeFigures.Check(text, Report());

        Assert.True(check.AllSupported, string.Join(", ", check.Unsupported));
    }

    [Theory]
    [InlineData("17 incidents were recorded.", "17")]
    [InlineData("2 critical incidents, 40% of the total.", "40%")]
    [InlineData("Activity peaked at 15:00.", "15:00")]
    [InlineData("Compared with 2026-02-20, things improved.", "2026-02-20")]
    [InlineData("About 1,200 events were seen.", "1,200")]
    [InlineData("AC-2 addresses 5 incidents and 3.5 on average.", "3.5")]
    public void A_number_that_is_no_figure_is_reported(string text, string unsupported)
    {
        var check = NarrativeFigures.Check(text, Report());

        Assert.Equal([unsupported], check.Unsupported);
    }

    [Fact]
    public void Identifiers_are_not_numbers()
    {
        var check = NarrativeFigures.Check("T1059.003, AC-17, SI-4, 192.168.7.9, 2001:db8::1 and host srv-42 were seen.", Report());

        Assert.Equal((0, 0), (check.Found, check.Unsupported.Count));
    }

    [Fact]
    public void The_deterministic_narrative_states_only_figures()
    {
        var text = DeterministicNarrative.Write(Report());
        var check = NarrativeFigures.Check(text, Report());

        Assert.Equal("16 incidents recorded between 2026-03-01 06:00Z and 2026-03-02 06:00Z: 2 critical, 2 high, 0 medium, 12 low. "
            + "The most frequent ATT&CK technique was T1003.001 (LSASS Memory), seen in 4 incidents. The most affected host was ws-01 (3 incidents). "
            + "The first recommended control is AC-2 (Account Management), which addresses 5 incidents.", text);
        Assert.True(check.AllSupported, string.Join(", ", check.Unsupported));
        Assert.Equal(12, check.Found);
    }

    [Fact]
    public void Injection_attempts_are_a_figure_the_deterministic_narrative_states()
    {
        var report = Report() with { InjectionIncidents = 6 };

        var text = DeterministicNarrative.Write(report);

        Assert.Contains(" 6 incidents carried text addressed to an automated analyst; the indicators named only there are the attacker's words, not evidence.", text, StringComparison.Ordinal);
        Assert.True(NarrativeFigures.Check(text, report).AllSupported);
        Assert.Equal(["6"], NarrativeFigures.Check("6 incidents held injection text.", Report()).Unsupported);
        Assert.DoesNotContain("automated analyst", DeterministicNarrative.Write(Report()), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_window_says_so()
    {
        var empty = Report(0) with { BySeverity = new Dictionary<string, long>(), OverTime = [], TopTechniques = [], TopIocs = [], TopHosts = [], TopUsers = [], RecommendedControls = [], NotableIncidents = [] };

        Assert.Equal("No incidents were recorded between 2026-03-01 06:00Z and 2026-03-02 06:00Z.", DeterministicNarrative.Write(empty));
    }
}
