using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Sinks.Sqlite;

namespace Llama3Siem.Worker.Tests.Chat;

/// <summary>A few stored incidents to ask about, with ids made the way the pipeline makes them.</summary>
internal static class ChatTestIncidents
{
    private static readonly DateTimeOffset Day = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public static EnrichedIncident Beacon { get; } = Incident(
        "beacon", 8, "high",
        "Workstation ws-12 resolved and contacted update-cdn-check.xyz after a macro document was opened",
        hosts: ["ws-12"], users: ["j.doe"],
        iocs: [("domain", "update-cdn-check.xyz"), ("ipv4", "198.51.100.23")],
        techniques: [("T1071.001", "Web Protocols")],
        controls: [("SC-7", "Boundary Protection")]);

    public static EnrichedIncident Dumping { get; } = Incident(
        "dumping", 10, "critical",
        "Credential dumping on srv-db02: lsass memory read by an unsigned tool",
        hosts: ["srv-db02"], users: ["svc-backup"],
        iocs: [("sha256", "9f2b5c1e0d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c")],
        techniques: [("T1003.001", "LSASS Memory")],
        controls: [("AC-2", "Account Management"), ("SI-4", "System Monitoring")]);

    public static EnrichedIncident Spray { get; } = Incident(
        "spray", 12, "medium",
        "Password spraying against the VPN gateway vpn-gw-1 from 203.0.113.77",
        hosts: ["vpn-gw-1"], users: ["m.lopez", "a.khan"],
        iocs: [("ipv4", "203.0.113.77")],
        techniques: [("T1110.003", "Password Spraying")],
        controls: [("AC-7", "Unsuccessful Logon Attempts")]);

    public static IReadOnlyList<EnrichedIncident> All { get; } = [Beacon, Dumping, Spray];

    public static async Task<SqliteIncidentStore> SeedAsync(string path, IReadOnlyList<EnrichedIncident>? incidents = null)
    {
        var store = new SqliteIncidentStore(new SqliteStoreOptions { Path = path });
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        await store.UpsertAsync(incidents ?? All, TestContext.Current.CancellationToken);
        return store;
    }

    public static EnrichedIncident Incident(
        string name,
        int hour,
        string severity,
        string summary,
        string[] hosts,
        string[] users,
        (string Type, string Value)[] iocs,
        (string Id, string Name)[] techniques,
        (string Id, string Title)[] controls,
        string? narrative = null)
    {
        string[] events = [$"{name}-e1", $"{name}-e2"];
        return new EnrichedIncident
        {
            Id = IncidentIds.For(events),
            FirstSeen = Day.AddHours(hour),
            LastSeen = Day.AddHours(hour).AddMinutes(20),
            Severity = severity,
            Summary = summary,
            NarrativeStatus = narrative is null ? NarrativeStatus.NotGenerated : NarrativeStatus.Generated,
            Narrative = narrative,
            Events = events,
            Hosts = hosts,
            Users = users,
            Iocs = iocs.Select(i => new IncidentIoc { Type = i.Type, Value = i.Value, Evidence = [events[0]] }).ToList(),
            Techniques = techniques.Select(t => new IncidentTechnique { Id = t.Id, Name = t.Name, Source = TechniqueSources.Rule, Evidence = [events[0]] }).ToList(),
            Mitigations = controls.Select(c => new IncidentMitigation { Id = c.Id, Title = c.Title, Techniques = techniques.Select(t => t.Id).ToList() }).ToList(),
            Provenance = new EnrichmentProvenance { PromptVersion = "test" },
        };
    }
}
