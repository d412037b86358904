using System.Text.Json.Nodes;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Sinks.Elasticsearch;
using Llama3Siem.Sinks.Incidents;
using static Llama3Siem.Sinks.Tests.Support.IncidentBuilder;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

public sealed class ElasticsearchReadTests : IAsyncDisposable
{
    private readonly FakeElasticsearch _fake = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _fake.DisposeAsync();

    [Fact]
    public async Task Search_sends_text_time_range_severity_and_paging_as_one_bool_query()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        await store.SearchAsync(
            new IncidentQuery("evil.example.com beaconing", Epoch, Epoch.AddDays(1), Severity.High, Limit: 20, Offset: 40), Cancel);

        var search = Assert.Single(_fake.RequestsTo("POST", "/llama3siem-incidents/_search"));
        var expected = """
            {
              "from": 40, "size": 20, "track_total_hits": false,
              "_source": ["llama3siem.document"],
              "query": { "bool": {
                "filter": [
                  { "range": { "event.end": { "gte": "2026-03-01T08:00:00.000Z" } } },
                  { "range": { "@timestamp": { "lt": "2026-03-02T08:00:00.000Z" } } },
                  { "range": { "event.severity": { "gte": 3 } } }
                ],
                "must": [ { "simple_query_string": {
                  "query": "evil.example.com beaconing",
                  "fields": ["llama3siem.summary", "llama3siem.narrative", "llama3siem.iocs.value", "llama3siem.iocs.value.text",
                             "threat.technique.id", "threat.technique.name.text", "llama3siem.mitigations.id",
                             "llama3siem.mitigations.title", "host.name", "user.name", "related.ip"],
                  "default_operator": "and", "lenient": true } } ]
              } },
              "sort": ["_score", { "event.end": { "order": "desc" } }, { "llama3siem.incident.id": { "order": "asc" } }]
            }
            """;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(search.Body)), search.Body);
    }

    [Fact]
    public async Task Search_without_filters_sorts_newest_last_seen_first()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        await store.SearchAsync(new IncidentQuery(), Cancel);

        var body = JsonNode.Parse(_fake.RequestsTo("POST", "/llama3siem-incidents/_search").Single().Body)!;
        Assert.Equal("""{"bool":{"filter":[]}}""", body["query"]!.ToJsonString());
        Assert.Equal("""[{"event.end":{"order":"desc"}},{"llama3siem.incident.id":{"order":"asc"}}]""", body["sort"]!.ToJsonString());
        Assert.Equal(50, body["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task Search_returns_the_documents_of_the_hits_in_order()
    {
        var first = Incident("first").WithHost("ws-1").WithIoc(IocType.Domain, "evil.example.com").Build();
        var second = Incident("second").Build();
        _fake.Respond = r => r.Path.EndsWith("/_search", StringComparison.Ordinal)
            ? new(200, """{"hits":{"hits":[{"_id":"first","_source":""" + Source(first) + """},{"_id":"second","_source":""" + Source(second) + "}]}}")
            : null;
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        var found = await store.SearchAsync(new IncidentQuery("evil"), Cancel);

        Assert.Equal([first, second], found, new IncidentJsonComparer());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1001, 0)]
    [InlineData(10, -1)]
    [InlineData(1000, 9001)]
    public async Task Search_refuses_paging_out_of_range_without_a_request(int limit, int offset)
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);
        var before = _fake.Requests.Count;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SearchAsync(new IncidentQuery(Limit: limit, Offset: offset), Cancel));
        Assert.Equal(before, _fake.Requests.Count);
    }

    [Fact]
    public async Task Get_reads_the_document_through_the_alias()
    {
        var incident = Incident("inc/42").WithNarrative("Lateral movement.").Build();
        _fake.Respond = r => r.Method == "GET" && r.Path.StartsWith("/llama3siem-incidents/_doc/", StringComparison.Ordinal)
            ? new(200, """{"_index":"llama3siem-incidents-v1","_id":"inc/42","found":true,"_source":""" + Source(incident) + "}")
            : null;
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        var read = await store.GetAsync("inc/42", Cancel);

        Assert.Equal(incident, read, new IncidentJsonComparer());
        var get = _fake.RequestsTo("GET", "/llama3siem-incidents/_doc/").Single();
        Assert.Equal("?_source_includes=llama3siem.document", get.Query);
    }

    [Fact]
    public async Task Get_of_a_missing_incident_is_null()
    {
        _fake.Respond = r => r.Path.StartsWith("/llama3siem-incidents/_doc/", StringComparison.Ordinal)
            ? new(404, """{"_index":"llama3siem-incidents-v1","_id":"nope","found":false}""")
            : null;
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        Assert.Null(await store.GetAsync("nope", Cancel));
    }

    [Fact]
    public async Task Aggregates_are_one_search_with_terms_aggregations_and_parse_into_counts()
    {
        _fake.Respond = r => r.Path.EndsWith("/_search", StringComparison.Ordinal)
            ? new(200, """
                {"hits":{"total":{"value":3,"relation":"eq"},"hits":[]},
                 "aggregations":{
                   "severity":{"buckets":[{"key":"high","doc_count":2},{"key":"critical","doc_count":1}]},
                   "techniques":{"buckets":[{"key":"T1003.001","doc_count":2},{"key":"T1110","doc_count":1}]},
                   "hosts":{"buckets":[{"key":"ws-1","doc_count":2}]},
                   "iocs":{"doc_count":5,"evidence":{"doc_count":4,"top":{"buckets":[{"key":["domain","update-cdn-check.xyz"],"key_as_string":"domain|update-cdn-check.xyz","doc_count":2}]}}},
                   "mitigations":{"doc_count":3,"top":{"buckets":[{"key":"AC-2","doc_count":2},{"key":"SI-4","doc_count":1}]}},
                   "injection":{"doc_count":1}}}
                """)
            : null;
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);
        var from = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

        var aggregates = await store.AggregateAsync(from, from.AddDays(1), top: 5, Cancel);

        Assert.Equal(3, aggregates.Incidents);
        Assert.Equal(2, aggregates.BySeverity["high"]);
        Assert.Equal([new("T1003.001", 2), new("T1110", 1)], aggregates.TopTechniques);
        Assert.Equal([new("domain:update-cdn-check.xyz", 2)], aggregates.TopIocs);
        Assert.Equal([new("ws-1", 2)], aggregates.TopHosts);
        Assert.Equal([new("AC-2", 2), new("SI-4", 1)], aggregates.TopMitigations);
        Assert.Equal(1, aggregates.InjectionIncidents);
        var body = JsonNode.Parse(_fake.RequestsTo("POST", "/llama3siem-incidents/_search").Single().Body)!;
        Assert.Equal(0, body["size"]!.GetValue<int>());
        Assert.Equal("2026-03-01T00:00:00.0000000+00:00", body["query"]!["bool"]!["filter"]![0]!["range"]!["event.end"]!["gte"]!.GetValue<string>());
        Assert.Equal("threat.technique.id", body["aggs"]!["techniques"]!["terms"]!["field"]!.GetValue<string>());
        Assert.Equal(5, body["aggs"]!["hosts"]!["terms"]!["size"]!.GetValue<int>());
        Assert.Equal("llama3siem.iocs", body["aggs"]!["iocs"]!["nested"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Top_iocs_are_counted_without_injected_ones_and_injection_incidents_by_a_filter()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);
        var from = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        _fake.Respond = r => r.Path.EndsWith("/_search", StringComparison.Ordinal)
            ? new(200, """
                {"hits":{"total":{"value":0,"relation":"eq"},"hits":[]},
                 "aggregations":{"severity":{"buckets":[]},"techniques":{"buckets":[]},"hosts":{"buckets":[]},
                   "iocs":{"doc_count":0,"evidence":{"doc_count":0,"top":{"buckets":[]}}},
                   "mitigations":{"doc_count":0,"top":{"buckets":[]}},"injection":{"doc_count":0}}}
                """)
            : null;

        var aggregates = await store.AggregateAsync(from, from.AddDays(1), top: 5, Cancel);

        Assert.Equal(0, aggregates.InjectionIncidents);
        Assert.Empty(aggregates.TopIocs);
        var aggs = JsonNode.Parse(_fake.RequestsTo("POST", "/llama3siem-incidents/_search").Single().Body)!["aggs"]!;
        var expectedIocs = """
            { "nested": { "path": "llama3siem.iocs" },
              "aggs": { "evidence": {
                "filter": { "bool": { "must_not": [ { "term": { "llama3siem.iocs.injected": true } } ] } },
                "aggs": { "top": { "multi_terms": {
                  "terms": [ { "field": "llama3siem.iocs.type" }, { "field": "llama3siem.iocs.value" } ],
                  "size": 5, "order": [ { "_count": "desc" }, { "_key": "asc" } ] } } } } } }
            """;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedIocs), aggs["iocs"]), aggs["iocs"]!.ToJsonString());
        Assert.Equal("""{"filter":{"term":{"llama3siem.injection.detected":true}}}""", aggs["injection"]!.ToJsonString());
    }

    [Fact]
    public async Task Technique_ioc_host_and_user_filters_are_term_filters_with_iocs_nested()
    {
        _fake.Respond = r => r.Path.EndsWith("/_search", StringComparison.Ordinal) ? new(200, """{"hits":{"hits":[]}}""") : null;
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        await store.SearchAsync(new IncidentQuery(Technique: "T1110", IocValue: "77.83.247.201", Host: "srv-app03", User: "backup_admin"), Cancel);

        var filters = JsonNode.Parse(_fake.RequestsTo("POST", "/llama3siem-incidents/_search").Single().Body)!["query"]!["bool"]!["filter"]!.ToJsonString();
        Assert.Equal(
            """[{"term":{"threat.technique.id":"T1110"}},{"term":{"host.name":"srv-app03"}},{"term":{"user.name":"backup_admin"}},{"nested":{"path":"llama3siem.iocs","query":{"term":{"llama3siem.iocs.value":"77.83.247.201"}}}}]""",
            filters);
    }

    [Fact]
    public async Task Count_reads_the_count_api()
    {
        _fake.Respond = r => r.Route == "GET /llama3siem-incidents/_count" ? new(200, """{"count":1234,"_shards":{"total":1}}""") : null;
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        Assert.Equal(1234, await store.CountAsync(Cancel));
    }

    [Fact]
    public async Task Enriched_events_are_looked_up_with_a_terms_filter_and_only_asked_ids_come_back()
    {
        _fake.Respond = r => r.Path.EndsWith("/_search", StringComparison.Ordinal)
            ? new(200, """{"hits":{"hits":[{"_id":"inc-1","_source":{"llama3siem":{"events":["e1","e2","e9"]}}},{"_id":"inc-2","_source":{"llama3siem":{"events":["e3"]}}}]}}""")
            : null;
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        var found = await store.FindEnrichedEventsAsync(["e1", "e3", "e4", "e1"], Cancel);

        Assert.Equal(["e1", "e3"], found.Order(StringComparer.Ordinal));
        var body = JsonNode.Parse(_fake.RequestsTo("POST", "/llama3siem-incidents/_search").Single().Body)!;
        var expected = """
            {"from":0,"size":1000,"track_total_hits":false,"_source":["llama3siem.events"],
             "query":{"bool":{"filter":[{"terms":{"llama3siem.events":["e1","e3","e4"]}}]}},
             "sort":[{"llama3siem.incident.id":{"order":"asc"}}]}
            """;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), body), body.ToJsonString());
    }

    [Fact]
    public async Task Enriched_event_lookup_splits_large_sets_into_chunks_of_a_thousand()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        var found = await store.FindEnrichedEventsAsync([.. Enumerable.Range(0, 2500).Select(i => $"e{i}")], Cancel);

        Assert.Empty(found);
        var sizes = _fake.RequestsTo("POST", "/llama3siem-incidents/_search")
            .Select(r => JsonNode.Parse(r.Body)!["query"]!["bool"]!["filter"]![0]!["terms"]!["llama3siem.events"]!.AsArray().Count);
        Assert.Equal([1000, 1000, 500], sizes);
    }

    [Fact]
    public async Task No_event_ids_make_no_request()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);
        var before = _fake.Requests.Count;

        Assert.Empty(await store.FindEnrichedEventsAsync([], Cancel));
        Assert.Equal(before, _fake.Requests.Count);
    }

    private static string Source(EnrichedIncident incident) =>
        System.Text.Encoding.UTF8.GetString(IncidentDocument.ToSource(incident, SeverityNames.TryParse(incident.Severity, out var s) ? s : Severity.Low));
}
