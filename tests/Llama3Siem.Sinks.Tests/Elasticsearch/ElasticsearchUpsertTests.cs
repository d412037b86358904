using System.Text.Json;
using System.Text.Json.Nodes;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Sinks.Elasticsearch;
using Llama3Siem.Sinks.Incidents;
using static Llama3Siem.Sinks.Tests.Support.IncidentBuilder;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

public sealed class ElasticsearchUpsertTests : IAsyncDisposable
{
    private readonly FakeElasticsearch _fake = new();
    private readonly DelayRecorder _clock = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _fake.DisposeAsync();

    private static EnrichedIncident[] ThreeIncidents() =>
    [
        Incident("inc-a").WithSeverity(Severity.High).WithHost("ws-0042").WithUser("j.doe").WithAddress("10.1.2.3")
            .WithIoc(IocType.Ipv4, "198.51.100.7").WithIoc(IocType.Domain, "evil.example.com")
            .WithIoc(IocType.Sha256, "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")
            .WithTechnique("T1003.001", "LSASS Memory").WithMitigation("CM-7", "Least Functionality", "T1003.001")
            .WithNarrative("Credential dumping after a phishing mail.").Build(),
        Incident("inc-b").SeenAtHour(1).Build(),
        Incident("inc-c").SeenAtHour(2).WithSeverity(Severity.Critical).Build(),
    ];

    /// <summary>Events that told the analyst to list 198.51.100.77 and c2.example.net; 203.0.113.9 was really seen.</summary>
    private static EnrichedIncident InjectedIncident() =>
        Incident("inc-injected").WithHost("ws-0042")
            .WithIoc(IocType.Ipv4, "203.0.113.9")
            .WithInjectedIoc(IocType.Ipv4, "198.51.100.77").WithInjectedIoc(IocType.Domain, "c2.example.net")
            .WithInjection(["message", "user.name"], ["encoded", "instruction-override"])
            .Build();

    private static IEnumerable<JsonObject> BulkSources(RecordedRequest bulk) =>
        bulk.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 2 == 1).Select(l => JsonNode.Parse(l)!.AsObject());

    [Fact]
    public async Task Bulk_body_is_ndjson_with_the_alias_and_the_incident_id_per_document()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock);

        var result = await store.UpsertAsync(ThreeIncidents(), Cancel);

        var bulk = Assert.Single(_fake.RequestsTo("POST", "/_bulk"));
        Assert.Equal("application/vnd.elasticsearch+x-ndjson;compatible-with=9", bulk.ContentType);
        Assert.EndsWith("\n", bulk.Body, StringComparison.Ordinal);
        Assert.Equal(
            [("llama3siem-incidents", "inc-a"), ("llama3siem-incidents", "inc-b"), ("llama3siem-incidents", "inc-c")],
            FakeElasticsearch.BulkActions(bulk));
        Assert.Equal(new UpsertResult(3, 0, 0), result);
    }

    [Fact]
    public async Task Source_holds_ECS_fields_our_namespace_and_the_whole_document()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock);
        var incident = ThreeIncidents()[0];

        await store.UpsertAsync([incident], Cancel);

        var lines = _fake.RequestsTo("POST", "/_bulk").Single().Body.Split('\n');
        using var source = JsonDocument.Parse(lines[1]);
        var root = source.RootElement;
        Assert.Equal("2026-03-01T08:00:00.000Z", root.GetProperty("@timestamp").GetString());
        Assert.Equal("alert", root.GetProperty("event").GetProperty("kind").GetString());
        Assert.Equal("2026-03-01T08:05:00.000Z", root.GetProperty("event").GetProperty("end").GetString());
        Assert.Equal(3, root.GetProperty("event").GetProperty("severity").GetInt32());
        Assert.Equal("""["ws-0042"]""", root.GetProperty("host").GetProperty("name").GetRawText());
        Assert.Equal("""["j.doe"]""", root.GetProperty("user").GetProperty("name").GetRawText());
        Assert.Equal("""["10.1.2.3","198.51.100.7"]""", root.GetProperty("related").GetProperty("ip").GetRawText());
        Assert.Equal("""["ws-0042","evil.example.com"]""", root.GetProperty("related").GetProperty("hosts").GetRawText());
        Assert.Equal("""["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]""", root.GetProperty("related").GetProperty("hash").GetRawText());
        Assert.Equal("""["T1003.001"]""", root.GetProperty("threat").GetProperty("technique").GetProperty("id").GetRawText());
        var ours = root.GetProperty("llama3siem");
        Assert.Equal("inc-a", ours.GetProperty("incident").GetProperty("id").GetString());
        Assert.Equal("high", ours.GetProperty("severity").GetString());
        Assert.Equal("""["inc-a-evt-1","inc-a-evt-2"]""", ours.GetProperty("events").GetRawText());
        Assert.Equal("CM-7", ours.GetProperty("mitigations")[0].GetProperty("id").GetString());
        Assert.Equal(IncidentContent.Hash(incident), ours.GetProperty("content_hash").GetString());
        Assert.Equal(incident, IncidentDocument.FromSource(root) with { }, new IncidentJsonComparer());
    }

    [Fact]
    public async Task Source_carries_the_injection_and_marks_injected_iocs_which_stay_out_of_related()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock);
        var incident = InjectedIncident();

        await store.UpsertAsync([incident], Cancel);

        var source = BulkSources(_fake.RequestsTo("POST", "/_bulk").Single()).Single();
        var ours = source["llama3siem"]!;
        Assert.Equal("""{"detected":true,"fields":["message","user.name"],"kinds":["encoded","instruction-override"]}""", ours["injection"]!.ToJsonString());
        Assert.Equal([false, true, true], ours["iocs"]!.AsArray().Select(i => i!["injected"]?.GetValue<bool>() ?? false));
        Assert.Equal("""["203.0.113.9"]""", source["related"]!["ip"]!.ToJsonString());
        Assert.Equal("""["ws-0042"]""", source["related"]!["hosts"]!.ToJsonString());
        using var parsed = JsonDocument.Parse(source.ToJsonString());
        Assert.Equal(incident, IncidentDocument.FromSource(parsed.RootElement), new IncidentJsonComparer());
    }

    [Fact]
    public async Task Sources_with_and_without_injection_fit_the_strict_deploy_mapping()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock);
        var mapping = IncidentTemplates.Mappings()["template"]!["mappings"]!.AsObject();

        await store.UpsertAsync([InjectedIncident(), .. ThreeIncidents()], Cancel);

        var sources = BulkSources(_fake.RequestsTo("POST", "/_bulk").Single()).ToList();
        Assert.Equal(4, sources.Count);
        Assert.All(sources, source => Assert.Null(StrictMapping.FirstRefused(source, mapping)));

        // The check reaches inside nested IOCs: without its new field, the mapping refuses the injected flag.
        var before = mapping.DeepClone().AsObject();
        before["properties"]!["llama3siem"]!["properties"]!["iocs"]!["properties"]!.AsObject().Remove("injected");
        Assert.Equal("llama3siem.iocs.injected", StrictMapping.FirstRefused(sources[0], before));
    }

    [Fact]
    public async Task Sigma_rules_go_to_ecs_rule_fields_and_fit_the_strict_deploy_mapping()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock);
        var mapping = IncidentTemplates.Mappings()["template"]!["mappings"]!.AsObject();
        var incident = Incident("inc-sigma")
            .WithSigmaTechnique("T1003.001", "5f0c1a52-0d8e-4c53-9a57-0b6f1d3e2a11", "LSASS memory read by a dump tool", "high")
            .Build();

        await store.UpsertAsync([incident], Cancel);

        var source = BulkSources(_fake.RequestsTo("POST", "/_bulk").Single()).Single();
        Assert.Null(StrictMapping.FirstRefused(source, mapping));
        Assert.Equal("""["5f0c1a52-0d8e-4c53-9a57-0b6f1d3e2a11"]""", source["rule"]!["id"]!.ToJsonString());
        Assert.Equal("""["LSASS memory read by a dump tool"]""", source["rule"]!["name"]!.ToJsonString());
        var technique = source["llama3siem"]!["techniques"]![0]!;
        Assert.Equal("sigma", technique["source"]!.GetValue<string>());
        Assert.Equal("high", technique["rules"]![0]!["level"]!.GetValue<string>());
        Assert.Equal("""["inc-sigma-evt-1"]""", source["llama3siem"]!["rules"]![0]!["evidence"]!.ToJsonString());
        using var parsed = JsonDocument.Parse(source.ToJsonString());
        Assert.Equal(incident, IncidentDocument.FromSource(parsed.RootElement), new IncidentJsonComparer());

        // The mapping must name the new fields: an index of the previous version refuses them until they are put.
        var before = mapping.DeepClone().AsObject();
        before["properties"]!["llama3siem"]!["properties"]!.AsObject().Remove("rules");
        Assert.Equal("llama3siem.rules", StrictMapping.FirstRefused(source, before));
    }

    [Fact]
    public async Task A_replay_sends_byte_identical_bulk_bodies()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock);

        await store.UpsertAsync(ThreeIncidents(), Cancel);
        await store.UpsertAsync(ThreeIncidents(), Cancel);

        var bodies = _fake.RequestsTo("POST", "/_bulk").Select(r => r.Body).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0], bodies[1]);
    }

    [Fact]
    public async Task Created_and_updated_items_are_counted_from_their_result()
    {
        _fake.Respond = r => r.Path == "/_bulk"
            ? new(200, FakeElasticsearch.BulkAnswer(r, id => id == "inc-b" ? (200, "updated", null) : (201, "created", null)))
            : null;
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock);

        var result = await store.UpsertAsync(ThreeIncidents(), Cancel);

        Assert.Equal(new UpsertResult(2, 1, 0), result);
    }

    [Fact]
    public async Task Batches_are_bounded_by_document_count_and_by_bytes()
    {
        var options = ElasticsearchTestStore.Options();
        options.BulkMaxDocuments = 2;
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock, options);

        await store.UpsertAsync(ThreeIncidents(), Cancel);

        Assert.Equal([2, 1], _fake.RequestsTo("POST", "/_bulk").Select(r => FakeElasticsearch.BulkActions(r).Count));

        await using var fake = new FakeElasticsearch();
        var bytesOptions = ElasticsearchTestStore.Options();
        bytesOptions.BulkMaxBytes = 2400;
        await using var byBytes = await ElasticsearchTestStore.OpenAsync(fake, new DelayRecorder(), bytesOptions);
        await byBytes.UpsertAsync(ThreeIncidents(), Cancel);
        var bulks = fake.RequestsTo("POST", "/_bulk");
        Assert.True(bulks.Count >= 2);
        Assert.Equal(["inc-a", "inc-b", "inc-c"], bulks.SelectMany(FakeElasticsearch.BulkActions).Select(a => a.Id));
        // Over the limit only when one document alone is larger than it.
        Assert.All(bulks, r => Assert.True(System.Text.Encoding.UTF8.GetByteCount(r.Body) <= 2400 || FakeElasticsearch.BulkActions(r).Count == 1));
    }

    [Fact]
    public async Task Items_answered_429_or_503_are_retried_alone_with_growing_delays()
    {
        var tries = 0;
        _fake.Respond = r =>
        {
            if (r.Path != "/_bulk")
            {
                return null;
            }

            tries++;
            return new(200, FakeElasticsearch.BulkAnswer(r, id => (id, tries) switch
            {
                ("inc-b", < 3) => (429, null, "es_rejected_execution_exception"),
                ("inc-c", 1) => (503, null, "unavailable_shards_exception"),
                _ => (201, "created", null),
            }));
        };
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock);

        var result = await store.UpsertAsync(ThreeIncidents(), Cancel);

        var bulks = _fake.RequestsTo("POST", "/_bulk");
        Assert.Equal([["inc-a", "inc-b", "inc-c"], ["inc-b", "inc-c"], ["inc-b"]], bulks.Select(b => FakeElasticsearch.BulkActions(b).Select(a => a.Id).ToArray()));
        Assert.Equal(new UpsertResult(3, 0, 0), result);
        // Jitter fixed at 0.5: three quarters of base·2ⁿ.
        Assert.Equal([TimeSpan.FromMilliseconds(75), TimeSpan.FromMilliseconds(150)], _clock.Delays);
    }

    [Fact]
    public async Task A_mapping_error_is_returned_as_rejected_and_not_counted()
    {
        _fake.Respond = r => r.Path == "/_bulk"
            ? new(200, FakeElasticsearch.BulkAnswer(r, id => id == "inc-b" ? (400, null, "document_parsing_exception") : (201, "created", null)))
            : null;
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock);

        var result = await store.UpsertAsync(ThreeIncidents(), Cancel);

        Assert.Equal(2, result.Inserted);
        Assert.Equal(0, result.Updated);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal("inc-b", rejected.IncidentId);
        Assert.StartsWith("document_parsing_exception (status 400)", rejected.Reason, StringComparison.Ordinal);
        Assert.Single(_fake.RequestsTo("POST", "/_bulk"));
        Assert.Empty(_clock.Delays);
    }

    [Fact]
    public async Task A_whole_request_answered_503_is_retried_then_succeeds()
    {
        var tries = 0;
        _fake.Respond = r => r.Path == "/_bulk" && ++tries <= 2
            ? new(503, """{"error":{"type":"cluster_block_exception","reason":"blocked"},"status":503}""")
            : null;
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock);

        var result = await store.UpsertAsync(ThreeIncidents(), Cancel);

        Assert.Equal(new UpsertResult(3, 0, 0), result);
        var bulks = _fake.RequestsTo("POST", "/_bulk");
        Assert.Equal(3, bulks.Count);
        Assert.Single(bulks.Select(b => b.Body).Distinct());
        Assert.Equal([TimeSpan.FromMilliseconds(75), TimeSpan.FromMilliseconds(150)], _clock.Delays);
    }

    [Fact]
    public async Task A_whole_request_answered_429_is_retried()
    {
        var tries = 0;
        _fake.Respond = r => r.Path == "/_bulk" && ++tries == 1 ? new(429, """{"error":{"type":"es_rejected_execution_exception"},"status":429}""") : null;
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock);

        Assert.Equal(3, (await store.UpsertAsync(ThreeIncidents(), Cancel)).Inserted);
        Assert.Equal(2, _fake.RequestsTo("POST", "/_bulk").Count);
    }

    [Fact]
    public async Task Retries_exhausted_throw_and_acknowledge_nothing()
    {
        _fake.Respond = r => r.Path == "/_bulk"
            ? new(200, FakeElasticsearch.BulkAnswer(r, id => id == "inc-c" ? (429, null, "es_rejected_execution_exception") : (201, "created", null)))
            : null;
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock, ElasticsearchTestStore.Options(maxRetries: 3));

        var error = await Assert.ThrowsAsync<ElasticsearchStoreException>(() => store.UpsertAsync(ThreeIncidents(), Cancel));

        Assert.True(error.IsTransient);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(4, _fake.RequestsTo("POST", "/_bulk").Count);
        Assert.Equal([75.0, 150.0, 300.0], _clock.Delays.Select(d => d.TotalMilliseconds));
    }

    [Fact]
    public async Task An_unreachable_cluster_is_retried_then_reported_as_transient()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock, ElasticsearchTestStore.Options(maxRetries: 2));
        await _fake.DisposeAsync();

        var error = await Assert.ThrowsAsync<ElasticsearchStoreException>(() => store.UpsertAsync(ThreeIncidents(), Cancel));

        Assert.True(error.IsTransient);
        Assert.Null(error.StatusCode);
        Assert.Equal(2, _clock.Delays.Count);
    }

    [Fact]
    public async Task Delays_grow_exponentially_within_their_jitter_band_up_to_the_cap()
    {
        var low = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), () => 0);
        var high = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), () => 0.999999);

        Assert.Equal([50.0, 100.0, 200.0, 400.0, 500.0, 500.0], Enumerable.Range(0, 6).Select(n => Math.Round(low.DelayBefore(n).TotalMilliseconds)));
        Assert.Equal([100.0, 200.0, 400.0, 800.0, 1000.0, 1000.0], Enumerable.Range(0, 6).Select(n => Math.Round(high.DelayBefore(n).TotalMilliseconds)));
    }

    [Fact]
    public async Task An_id_given_twice_is_written_once_with_its_last_document()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, _clock);

        await store.UpsertAsync([Incident("dup").WithSummary("first").Build(), Incident("other").Build(), Incident("dup").WithSummary("second").Build()], Cancel);

        var bulk = _fake.RequestsTo("POST", "/_bulk").Single();
        Assert.Equal(["dup", "other"], FakeElasticsearch.BulkActions(bulk).Select(a => a.Id));
        Assert.Contains("\"summary\":\"second\"", bulk.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"summary\":\"first\"", bulk.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upsert_before_initialize_is_refused()
    {
        await using var store = new ElasticsearchIncidentStore(ElasticsearchTestStore.Options(), _fake.Settings(), null, _clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpsertAsync(ThreeIncidents(), Cancel));
        Assert.Empty(_fake.Requests);
    }
}
