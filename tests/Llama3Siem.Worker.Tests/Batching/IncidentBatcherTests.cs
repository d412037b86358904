using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Templates;
using Llama3Siem.Worker.Batching;
using Llama3Siem.Worker.Configuration;
using Microsoft.Extensions.Time.Testing;
using static Llama3Siem.Worker.Tests.TestEvents;

namespace Llama3Siem.Worker.Tests.Batching;

public sealed class IncidentBatcherTests
{
    private readonly FakeTimeProvider _time = new(Start);

    private IncidentBatcher Batcher(int maxEvents = 100, int maxTokens = 10_000, double maxAgeSeconds = 5) =>
        new(new BatchingOptions { MaxEvents = maxEvents, MaxPromptTokens = maxTokens, MaxAge = TimeSpan.FromSeconds(maxAgeSeconds) }, _time);

    private static PreparedIncident Prepared(string id, int events, int tokens)
    {
        var incident = Incident.FromEvents(Enumerable.Range(0, events).Select(i => At($"{id}-{i}", i, host: id)));
        var findings = IncidentAnalyzer.Default.Analyze(incident);
        var prompt = new RenderedPrompt(Llama3ChatFormat.Render([("user", "prompt")]), new Dictionary<string, string>(), events, 0, tokens);
        return new PreparedIncident(findings, prompt);
    }

    [Fact]
    public void A_batch_closes_when_its_incidents_reach_the_event_limit()
    {
        var batcher = Batcher(maxEvents: 5);

        Assert.Empty(batcher.Add(Prepared("a", 2, 10)));
        var ready = Assert.Single(batcher.Add(Prepared("b", 3, 10)));

        Assert.Equal("events", ready.Reason);
        Assert.Equal(5, ready.EventCount);
        Assert.Equal(0, batcher.PendingIncidents);
    }

    [Fact]
    public void An_incident_that_would_exceed_the_token_budget_goes_to_the_next_batch()
    {
        var batcher = Batcher(maxTokens: 1000);
        batcher.Add(Prepared("a", 1, 600));

        var ready = Assert.Single(batcher.Add(Prepared("b", 1, 500)));

        Assert.Equal("tokens", ready.Reason);
        Assert.Equal(600, ready.PromptTokens);
        Assert.Equal(1, batcher.PendingIncidents);
    }

    [Fact]
    public void An_incident_larger_than_the_whole_budget_is_a_batch_of_its_own_and_nothing_is_dropped()
    {
        var batcher = Batcher(maxTokens: 1000);
        batcher.Add(Prepared("a", 1, 100));

        var ready = batcher.Add(Prepared("huge", 1, 5000));

        Assert.Equal(2, ready.Count);
        Assert.Equal(100, ready[0].PromptTokens);
        Assert.Equal(5000, ready[1].PromptTokens);
        Assert.Null(batcher.Flush());
    }

    [Fact]
    public void A_batch_is_due_once_its_oldest_incident_has_waited_the_maximum_age()
    {
        var batcher = Batcher(maxAgeSeconds: 5);
        batcher.Add(Prepared("a", 1, 10));
        _time.Advance(TimeSpan.FromSeconds(3));
        batcher.Add(Prepared("b", 1, 10));

        Assert.Null(batcher.TakeIfDue());
        _time.Advance(TimeSpan.FromSeconds(2));
        var due = batcher.TakeIfDue();

        Assert.NotNull(due);
        Assert.Equal("age", due.Reason);
        Assert.Equal(2, due.Incidents.Count);
    }

    [Fact]
    public void Flush_returns_whatever_is_pending_once()
    {
        var batcher = Batcher();
        batcher.Add(Prepared("a", 1, 10));

        Assert.Equal("flush", batcher.Flush()?.Reason);
        Assert.Null(batcher.Flush());
    }
}
