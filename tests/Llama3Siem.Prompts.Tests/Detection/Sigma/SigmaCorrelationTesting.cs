using System.Globalization;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>Correlation rules written in the tests, the base rules they refer to, and timed Windows Security events.</summary>
internal static class SigmaCorrelationTesting
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Three base rules on Security events: <c>failed_logon</c> (4625), <c>successful_logon</c> (4624), <c>explicit_logon</c> (4648).</summary>
    public const string BaseRules = """
        title: Failed logon
        id: 0c0c0000-0000-4000-8000-000000004625
        name: failed_logon
        logsource:
            product: windows
            service: security
        detection:
            selection:
                EventID: 4625
            condition: selection
        ---
        title: Successful logon
        id: 0c0c0000-0000-4000-8000-000000004624
        name: successful_logon
        logsource:
            product: windows
            service: security
        detection:
            selection:
                EventID: 4624
            condition: selection
        ---
        title: Explicit credentials
        id: 0c0c0000-0000-4000-8000-000000004648
        name: explicit_logon
        logsource:
            product: windows
            service: security
        detection:
            selection:
                EventID: 4648
            condition: selection
        """;

    /// <summary>A correlation rule around the given correlation section (YAML indented by four spaces).</summary>
    public static string Correlation(string section, string name = "test_correlation", string id = "0c0c0000-0000-4000-8000-0000000000c1") => $"""
        title: Correlation {name}
        id: {id}
        name: {name}
        level: high
        tags:
            - attack.credential-access
            - attack.t1110
        correlation:
        {section}
        """;

    /// <summary>The texts loaded as files test-1.yml, test-2.yml, ...; references not resolved.</summary>
    public static SigmaLoadResult Load(params string[] texts) =>
        SigmaRuleLoader.LoadTexts(texts.Select((yaml, i) => new SigmaRuleText($"test-{i + 1}.yml", yaml)));

    /// <summary>The base rules and the given correlation section, loaded and resolved.</summary>
    public static SigmaLoadResult WithBaseRules(string section) => SigmaLoadResult.Combine(Load(BaseRules, Correlation(section)));

    /// <summary>A Security-channel event of the given id, <paramref name="seconds"/> after <see cref="Start"/>.</summary>
    public static SecurityEvent Security(string id, int eventId, double seconds, params (string Key, string Value)[] fields)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EventID"] = eventId.ToString(CultureInfo.InvariantCulture),
            ["Channel"] = "Security",
            ["Hostname"] = "SRV-APP03",
        };
        foreach (var (key, value) in fields)
        {
            all[key] = value;
        }

        return new SecurityEvent { Id = id, Timestamp = Start.AddSeconds(seconds), Format = EventFormats.Windows, Fields = all };
    }

    /// <summary><paramref name="count"/> failed logons a minute apart, ids f0, f1, ...</summary>
    public static List<SecurityEvent> FailedLogons(int count, params (string Key, string Value)[] fields) =>
        Enumerable.Range(0, count).Select(i => Security($"f{i}", 4625, i * 60, fields)).ToList();

    /// <summary>Runs the rules on each event, then the correlations on the incident, as the analyzer would.</summary>
    public static IReadOnlyList<SigmaCorrelationMatch> Correlate(SigmaLoadResult combined, IEnumerable<SecurityEvent> incident)
    {
        var rules = new SigmaRuleSet(combined.Rules);
        var correlations = new SigmaCorrelationSet(combined.Correlations);
        return correlations.Match(incident.Select(e => new SigmaMatchedEvent(e, rules.Match(e))).ToList());
    }

    public static List<string> Ids(SigmaCorrelationMatch match) => match.Events.Select(e => e.Id).ToList();
}
