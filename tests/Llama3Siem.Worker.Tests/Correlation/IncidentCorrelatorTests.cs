using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Correlation;
using static Llama3Siem.Worker.Tests.TestEvents;

namespace Llama3Siem.Worker.Tests.Correlation;

public sealed class IncidentCorrelatorTests
{
    private static IReadOnlyList<Incident> Correlate(IEnumerable<SecurityEvent> events, int windowMinutes = 30, int maxEvents = 500)
    {
        var correlator = new IncidentCorrelator(new CorrelationOptions { Window = TimeSpan.FromMinutes(windowMinutes), MaxEventsPerIncident = maxEvents });
        var closed = new List<Incident>();
        foreach (var evt in events)
        {
            closed.AddRange(correlator.Add(evt));
        }

        closed.AddRange(correlator.CloseAll());
        return closed.OrderBy(i => i.FirstSeen).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
    }

    private static List<List<string>> Groups(IReadOnlyList<Incident> incidents) =>
        incidents.Select(i => i.Events.Select(e => e.Id).ToList()).ToList();

    [Fact]
    public void Events_on_the_same_host_within_the_window_form_one_incident()
    {
        var incidents = Correlate([At("a", 0, host: "WS1"), At("b", 10, host: "ws1.corp.example"), At("c", 12, host: "WS2")]);

        Assert.Equal([["a", "b"], ["c"]], Groups(incidents));
    }

    [Fact]
    public void A_gap_longer_than_the_window_starts_a_new_incident()
    {
        var incidents = Correlate([At("a", 0, host: "WS1"), At("b", 20, host: "WS1"), At("c", 51, host: "WS1")]);

        Assert.Equal([["a", "b"], ["c"]], Groups(incidents));
    }

    [Fact]
    public void An_event_sharing_entities_with_two_incidents_merges_them()
    {
        var incidents = Correlate([
            At("a", 0, host: "WS1", user: "alice"),
            At("b", 1, host: "WS2", user: "bob", src: "10.0.0.9"),
            At("c", 2, host: "WS3", user: @"CORP\alice", src: "10.0.0.9"),
            At("d", 3, host: "WS4"),
        ]);

        Assert.Equal([["a", "b", "c"], ["d"]], Groups(incidents));
    }

    [Fact]
    public void Lateral_movement_between_hosts_joins_through_the_shared_address()
    {
        var incidents = Correlate([
            At("on-source", 0, host: "WS5", src: "172.18.39.5"),
            At("logon-on-target", 1, host: "WS6", src: "172.18.39.5", dst: "172.18.39.6"),
            At("service-on-target", 2, host: "WS6"),
        ]);

        Assert.Equal([["on-source", "logon-on-target", "service-on-target"]], Groups(incidents));
    }

    [Fact]
    public void Built_in_accounts_machine_accounts_and_loopback_do_not_join_unrelated_hosts()
    {
        var incidents = Correlate([
            At("a", 0, host: "WS1", user: "SYSTEM", src: "127.0.0.1"),
            At("b", 1, host: "WS2", user: @"NT AUTHORITY\SYSTEM", src: "127.0.0.1"),
            At("c", 2, host: "WS3", user: "WS3$", dst: "0.0.0.0"),
            At("d", 3, host: "WS4", user: "WS3$"),
        ]);

        Assert.Equal(4, incidents.Count);
    }

    [Fact]
    public void Two_users_on_the_same_server_stay_separate_unless_something_else_links_them()
    {
        var incidents = Correlate([
            At("alice-on-fs", 0, host: "SRV-FS01", user: "alice", src: "10.0.1.10"),
            At("bob-on-fs", 5, host: "SRV-FS01", user: "bob", src: "10.0.1.20"),
            At("service-on-fs", 6, host: "SRV-FS01"),
        ]);

        Assert.Equal([["alice-on-fs"], ["bob-on-fs", "service-on-fs"]], Groups(incidents));
    }

    [Fact]
    public void A_private_destination_address_links_only_when_nothing_stronger_does()
    {
        var incidents = Correlate([
            At("alice-to-fs", 0, host: "WS1", user: "alice", src: "10.0.1.10", dst: "10.0.0.22"),
            At("bob-to-fs", 5, host: "WS2", user: "bob", src: "10.0.1.20", dst: "10.0.0.22"),
            At("ids-alert-on-fs", 6, dst: "10.0.0.22"),
        ]);

        Assert.Equal([["alice-to-fs"], ["bob-to-fs", "ids-alert-on-fs"]], Groups(incidents));
    }

    [Fact]
    public void A_shared_external_address_links_activity_on_different_hosts()
    {
        var incidents = Correlate([
            At("exploit-on-app", 0, host: "SRV-APP", src: "185.234.72.19"),
            At("beacon-from-ws", 10, host: "WS1", user: "alice", dst: "185.234.72.19"),
        ]);

        Assert.Single(incidents);
    }

    [Fact]
    public void An_incident_that_reaches_the_event_limit_is_closed_and_a_new_one_starts()
    {
        var incidents = Correlate(Enumerable.Range(0, 7).Select(i => At($"e{i}", i, host: "WS1")), maxEvents: 3);

        Assert.Equal([3, 3, 1], incidents.Select(i => i.Events.Count));
    }

    [Fact]
    public void Reverse_time_order_input_groups_the_same_way_as_forward_order()
    {
        var events = new[] { At("a", 0, host: "WS1"), At("b", 5, host: "WS1"), At("c", 9, host: "WS2"), At("d", 60, host: "WS1") };

        Assert.Equal(Groups(Correlate(events)), Groups(Correlate(events.Reverse())));
    }

    [Fact]
    public void Idle_incidents_close_once_event_time_passes_the_window()
    {
        var correlator = new IncidentCorrelator(new CorrelationOptions { Window = TimeSpan.FromMinutes(30) });
        correlator.Add(At("a", 0, host: "WS1"));
        correlator.Add(At("b", 20, host: "WS2"));

        var closed = correlator.CloseIdle(Start.AddMinutes(40));

        Assert.Equal(["a"], Assert.Single(closed).Events.Select(e => e.Id));
        Assert.Equal(1, correlator.OpenEvents);
    }

    [Fact]
    public void Incident_ids_are_deterministic_from_their_events()
    {
        var first = Correlate([At("a", 0, host: "WS1"), At("b", 1, host: "WS1")]);
        var second = Correlate([At("b", 1, host: "WS1"), At("a", 0, host: "WS1")]);

        Assert.Equal(first.Single().Id, second.Single().Id);
        Assert.Equal(IncidentIds.For(["a", "b"]), first.Single().Id);
    }
}
