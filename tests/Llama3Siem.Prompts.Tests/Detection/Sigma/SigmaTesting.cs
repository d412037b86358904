using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>Rules written in the tests and hand-made Sysmon events to run them on.</summary>
internal static class SigmaTesting
{
    /// <summary>A process_creation rule around the given detection block (YAML indented by four spaces).</summary>
    public static SigmaRule ProcessCreationRule(string detection) => SigmaRule.Parse($"""
        title: Test rule
        id: 00000000-0000-0000-0000-000000000001
        level: high
        tags:
            - attack.execution
            - attack.t1059.001
        logsource:
            product: windows
            category: process_creation
        detection:
        {detection}
        """);

    /// <summary>A Sysmon event of the given id with these original fields (Windows format, NXLog names).</summary>
    public static SecurityEvent Sysmon(int eventId, params (string Key, string Value)[] fields)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EventID"] = eventId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Channel"] = "Microsoft-Windows-Sysmon/Operational",
            ["Hostname"] = "WS-FIN-07",
        };
        foreach (var (key, value) in fields)
        {
            all[key] = value;
        }

        return new SecurityEvent
        {
            Id = Guid.NewGuid().ToString(),
            Timestamp = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero),
            Format = EventFormats.Windows,
            Fields = all,
        };
    }

    public static SecurityEvent Process(params (string Key, string Value)[] fields) => Sysmon(1, fields);

    /// <summary>
    /// Whether the rule matches the event, through the rule index; every conformance test thereby also checks
    /// that the index agrees with evaluating the rule outright.
    /// </summary>
    public static bool Matches(SigmaRule rule, SecurityEvent evt)
    {
        var set = new SigmaRuleSet([rule]);
        var matched = set.Match(evt).Count == 1;
        Assert.Equal(set.MatchEveryRule(evt).Count == 1, matched);
        return matched;
    }

    /// <summary>The reason a rule text is refused with.</summary>
    public static string Refusal(string yaml) => Assert.Throws<SigmaRuleException>(() => SigmaRule.Parse(yaml)).Reason;
}
