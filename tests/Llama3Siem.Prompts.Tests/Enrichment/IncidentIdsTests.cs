using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Prompts.Tests.Enrichment;

public sealed class IncidentIdsTests
{
    [Fact]
    public void The_id_depends_on_the_set_of_event_ids_not_their_order()
    {
        Assert.Equal(IncidentIds.For(["b", "a", "c"]), IncidentIds.For(["c", "a", "b", "a"]));
    }

    [Fact]
    public void Different_event_sets_get_different_ids_in_a_stable_format()
    {
        var id = IncidentIds.For(["a", "b"]);

        Assert.NotEqual(id, IncidentIds.For(["a"]));
        Assert.Matches("^inc-[0-9a-f]{24}$", id);
        Assert.Equal(id, IncidentIds.For(["a", "b"]));
    }

    [Fact]
    public void An_incident_orders_its_events_by_time_then_id()
    {
        var incident = Incident.FromEvents([
            TestEvents.Windows("z", "1", minute: 5),
            TestEvents.Windows("b", "1", minute: 1),
            TestEvents.Windows("a", "1", minute: 1),
        ]);

        Assert.Equal(["a", "b", "z"], incident.Events.Select(e => e.Id));
        Assert.Equal(IncidentIds.For(["z", "a", "b"]), incident.Id);
    }
}
