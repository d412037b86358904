using System.Text.Json;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Templates;
using Llama3Siem.Worker.Chat;

namespace Llama3Siem.Worker.Tests.Chat;

/// <summary>
/// An incident whose events addressed an automated analyst: the answer without a model and the model's context
/// both keep the indicators named only in that text apart from the evidence, and say that the injection happened.
/// </summary>
public sealed class InjectedIndicatorTests
{
    /// <summary>Its events told the analyst to list 198.51.100.77 as the command server; 203.0.113.5 was really contacted.</summary>
    private static EnrichedIncident Told()
    {
        var incident = ChatTestIncidents.Incident(
            "told", 9, "high", "Logon to ws-12 followed by a connection to 203.0.113.5",
            hosts: ["ws-12"], users: ["j.doe"], iocs: [("ipv4", "203.0.113.5")], techniques: [], controls: []);
        return incident with
        {
            Iocs = [.. incident.Iocs, new IncidentIoc { Type = "ipv4", Value = "198.51.100.77", Injected = true, Evidence = [incident.Events[1]] }],
            Injection = new IncidentInjection { Fields = ["message", "user.name"], Kinds = ["encoded", "instruction-override"] },
        };
    }

    [Fact]
    public void The_answer_without_a_model_lists_injected_iocs_apart_and_says_the_events_carried_injection()
    {
        var answer = DeterministicAnswer.Write([Told()]);

        Assert.Contains(
            "Its events carried text addressed to an automated analyst (prompt injection) in message, user.name: encoded, instruction-override.",
            answer, StringComparison.Ordinal);
        Assert.Contains(" Indicators: ipv4 203.0.113.5.", answer, StringComparison.Ordinal);
        Assert.Contains(" Seen only inside injection text (not evidence, do not block): ipv4 198.51.100.77.", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_on_an_incident_without_injection_says_nothing_of_it()
    {
        var answer = DeterministicAnswer.Write([ChatTestIncidents.Beacon]);

        Assert.DoesNotContain("injection", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(" Indicators: domain update-cdn-check.xyz, ipv4 198.51.100.23.", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_context_line_keeps_injected_iocs_apart_and_carries_the_injection(bool brief)
    {
        using var line = JsonDocument.Parse(IncidentContextLine.Render(Told(), brief));
        var root = line.RootElement;

        Assert.Equal("""["ipv4 203.0.113.5"]""", root.GetProperty("iocs").GetRawText());
        Assert.Equal("""["ipv4 198.51.100.77"]""", root.GetProperty("injected_iocs").GetRawText());
        var injection = root.GetProperty("injection");
        Assert.Equal(IncidentContextLine.InjectionNote, injection.GetProperty("note").GetString());
        Assert.Equal("""["message","user.name"]""", injection.GetProperty("fields").GetRawText());
        Assert.Equal("""["encoded","instruction-override"]""", injection.GetProperty("kinds").GetRawText());
    }

    [Fact]
    public void The_context_line_of_an_incident_without_injection_has_neither_member()
    {
        using var line = JsonDocument.Parse(IncidentContextLine.Render(ChatTestIncidents.Beacon, brief: false));

        Assert.False(line.RootElement.TryGetProperty("injection", out _));
        Assert.False(line.RootElement.TryGetProperty("injected_iocs", out _));
    }

    [Fact]
    public void The_prompt_carries_the_injected_iocs_apart_inside_the_context_block()
    {
        var incident = Told();

        var prompt = ChatPromptBuilder.Build([], ["Which address is the command server?"], [incident], EstimatingTokenCounter.Instance, 8192);

        Assert.Equal([incident.Id], prompt.IncidentIds);
        Assert.Contains("\"injected_iocs\":[\"ipv4 198.51.100.77\"]", prompt.Text, StringComparison.Ordinal);
        Assert.Contains("\"iocs\":[\"ipv4 203.0.113.5\"]", prompt.Text, StringComparison.Ordinal);
    }
}
