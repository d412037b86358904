using System.Text.Json.Nodes;
using Llama3Siem.Sinks.Elasticsearch;
using Llama3Siem.Sinks.Reports;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

/// <summary>The report store at the wire: templates and indices, report documents, list queries, claims and retries.</summary>
public sealed class ElasticsearchReportStoreTests : IAsyncDisposable
{
    private const string Id = "daily-20260302T0600Z";
    private static readonly DateTimeOffset Six = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);
    private readonly FakeElasticsearch _fake = new();
    private readonly DelayRecorder _clock = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _fake.DisposeAsync();

    private static StoredReport Report(string json = """{"incidents":3}""") =>
        new(new ReportSummary(Id, "daily", Six.AddDays(-1), Six, Six.AddMinutes(2), "executive", 3, "generated"), json);

    [Fact]
    public async Task Initialize_installs_both_templates_as_the_deploy_files_say_then_both_indices_behind_their_aliases()
    {
        await using var store = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);

        var folder = ElasticsearchTestStore.DeployFolder();
        var puts = _fake.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal(
            ["PUT /_index_template/llama3siem-reports", "PUT /_index_template/llama3siem-report-claims",
             "PUT /llama3siem-reports-v1", "PUT /llama3siem-report-claims-v1"],
            puts.Select(r => r.Route));
        AssertJsonEqual(File.ReadAllText(Path.Combine(folder, "report-index-template.json")), puts[0].Body);
        AssertJsonEqual(File.ReadAllText(Path.Combine(folder, "report-claims-index-template.json")), puts[1].Body);
        AssertJsonEqual("""{"aliases":{"llama3siem-reports":{"is_write_index":true}}}""", puts[2].Body);
        AssertJsonEqual("""{"aliases":{"llama3siem-report-claims":{"is_write_index":true}}}""", puts[3].Body);
        Assert.Equal(("llama3siem-reports", "llama3siem-report-claims"), (store.Alias, store.ClaimsAlias));
    }

    [Fact]
    public void The_report_json_is_stored_but_not_indexed_and_every_other_field_is_mapped_strictly()
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(ElasticsearchTestStore.DeployFolder(), "report-index-template.json")))!;
        var mappings = template["template"]!["mappings"]!;

        Assert.Equal("strict", mappings["dynamic"]!.GetValue<string>());
        AssertJsonEqual("""{"type":"text","index":false}""", mappings["properties"]!["json"]!.ToJsonString());
        Assert.Equal(
            ["audience:keyword", "created_at:date", "from:date", "id:keyword", "incidents:long", "narrative_status:keyword", "schedule:keyword", "to:date"],
            mappings["properties"]!.AsObject().Where(p => p.Key != "json").Select(p => $"{p.Key}:{p.Value!["type"]}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_cluster_already_set_up_by_another_worker_gets_no_writes_and_one_store_asks_only_once()
    {
        _fake.Indices = new FakeIndices();
        await using var first = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);
        var before = _fake.Requests.Count;

        await using var second = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);
        var secondSetUp = _fake.Requests.Skip(before).ToList();
        await second.InitializeAsync(Cancel);

        Assert.Equal(
            ["GET /_index_template/llama3siem-reports", "GET /_index_template/llama3siem-report-claims", "HEAD /llama3siem-reports", "HEAD /llama3siem-report-claims"],
            secondSetUp.Select(r => r.Route));
        Assert.Equal(before + 4, _fake.Requests.Count);
    }

    [Fact]
    public async Task Another_prefix_renames_the_patterns_the_templates_and_the_aliases()
    {
        var options = ElasticsearchTestStore.Options();
        options.IndexPrefix = "soc-east";

        await using var store = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock, options);

        var reports = JsonNode.Parse(_fake.Requests.Single(r => r.Route == "PUT /_index_template/soc-east-reports").Body)!;
        var claims = JsonNode.Parse(_fake.Requests.Single(r => r.Route == "PUT /_index_template/soc-east-report-claims").Body)!;
        Assert.Equal("""["soc-east-reports-*"]""", reports["index_patterns"]!.ToJsonString());
        Assert.Equal("""["soc-east-report-claims-*"]""", claims["index_patterns"]!.ToJsonString());
        Assert.Contains(_fake.Requests, r => r.Route == "PUT /soc-east-reports-v1");
        Assert.Contains(_fake.Requests, r => r.Route == "PUT /soc-east-report-claims-v1");
    }

    [Fact]
    public async Task A_report_is_put_by_its_id_with_its_summary_fields_and_its_json_as_one_string_waiting_for_refresh()
    {
        _fake.Indices = new FakeIndices();
        await using var store = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);

        var isNew = await store.UpsertAsync(Report("""{"incidents":3,"top":["T1110"]}"""), Cancel);

        Assert.True(isNew);
        var put = Assert.Single(_fake.RequestsTo("PUT", "/llama3siem-reports/_doc/"));
        Assert.Equal(("/llama3siem-reports/_doc/daily-20260302T0600Z", "?refresh=wait_for"), (put.Path, put.Query));
        AssertJsonEqual("""
            {"id":"daily-20260302T0600Z","schedule":"daily","from":"2026-03-01T06:00:00.000Z","to":"2026-03-02T06:00:00.000Z",
             "created_at":"2026-03-02T06:02:00.000Z","audience":"executive","incidents":3,"narrative_status":"generated",
             "json":"{\"incidents\":3,\"top\":[\"T1110\"]}"}
            """, put.Body);
    }

    [Fact]
    public async Task An_existing_report_answered_updated_is_not_new()
    {
        _fake.Respond = r => r.Method == "PUT" && r.Path.StartsWith("/llama3siem-reports/_doc/", StringComparison.Ordinal)
            ? new(200, """{"_index":"llama3siem-reports-v1","_id":"daily-20260302T0600Z","result":"updated","_seq_no":4,"_primary_term":1}""")
            : null;
        await using var store = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);

        Assert.False(await store.UpsertAsync(Report(), Cancel));
    }

    [Fact]
    public async Task A_list_is_one_search_with_the_window_end_range_newest_first_then_id_without_the_json()
    {
        await using var store = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);

        await store.ListAsync(20, 40, Six.AddDays(-7), Six, Cancel);
        await store.ListAsync(5, 0, null, null, Cancel);

        var searches = _fake.RequestsTo("POST", "/llama3siem-reports/_search");
        AssertJsonEqual("""
            {"from":40,"size":20,"track_total_hits":false,"_source":{"excludes":["json"]},
             "query":{"bool":{"filter":[{"range":{"to":{"gt":"2026-02-23T06:00:00.000Z","lte":"2026-03-02T06:00:00.000Z"}}}]}},
             "sort":[{"to":{"order":"desc"}},{"id":{"order":"asc"}}]}
            """, searches[0].Body);
        Assert.Equal("""{"bool":{"filter":[]}}""", JsonNode.Parse(searches[1].Body)!["query"]!.ToJsonString());
    }

    [Fact]
    public async Task A_page_past_the_max_result_window_is_refused_before_any_request()
    {
        await using var store = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(1000, 9001, null, null, Cancel));
        Assert.Empty(_fake.RequestsTo("POST", "/llama3siem-reports/_search"));
    }

    [Fact]
    public async Task A_read_report_comes_from_its_source_and_a_missing_one_is_null()
    {
        _fake.Indices = new FakeIndices();
        await using var store = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);
        await store.UpsertAsync(Report("""{"x":"é"}"""), Cancel);

        Assert.Equal(Report("""{"x":"é"}"""), await store.GetAsync(Id, Cancel));
        Assert.Null(await store.GetAsync("daily-20990101T0000Z", Cancel));
        Assert.Contains(_fake.Requests, r => r.Route == "GET /llama3siem-reports/_doc/daily-20990101T0000Z");
    }

    [Fact]
    public async Task A_first_claim_looks_for_the_report_then_creates_the_claim_with_op_type_create()
    {
        _fake.Indices = new FakeIndices();
        await using var store = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);
        var setUp = _fake.Requests.Count;

        Assert.True(await store.TryClaimAsync(Id, "worker-a", Six, Lease, Cancel));

        var requests = _fake.Requests.Skip(setUp).ToList();
        Assert.Equal(["GET /llama3siem-reports/_doc/daily-20260302T0600Z", "PUT /llama3siem-report-claims/_create/daily-20260302T0600Z"], requests.Select(r => r.Route));
        Assert.Equal("?_source=false", requests[0].Query);
        var claim = JsonNode.Parse(requests[1].Body)!;
        Assert.Equal(("worker-a", "2026-03-02T06:00:00.000Z", "2026-03-02T06:15:00.000Z"),
            (claim["owner"]!.GetValue<string>(), claim["claimed_at"]!.GetValue<string>(), claim["expires_at"]!.GetValue<string>()));
        Assert.Equal(32, claim["attempt"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task An_expired_claim_is_taken_over_only_on_the_sequence_number_and_term_that_were_read()
    {
        _fake.Indices = new FakeIndices();
        await using var a = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);
        await using var b = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);
        await a.TryClaimAsync(Id, "a", Six, Lease, Cancel);
        var before = _fake.Requests.Count;

        Assert.True(await b.TryClaimAsync(Id, "b", Six.AddHours(1), Lease, Cancel));

        Assert.Equal(
            ["GET /llama3siem-reports/_doc/daily-20260302T0600Z", "PUT /llama3siem-report-claims/_create/daily-20260302T0600Z",
             "GET /llama3siem-report-claims/_doc/daily-20260302T0600Z", "GET /llama3siem-reports/_doc/daily-20260302T0600Z",
             "PUT /llama3siem-report-claims/_doc/daily-20260302T0600Z"],
            _fake.Requests.Skip(before).Select(r => r.Route));
        Assert.Equal("?if_seq_no=0&if_primary_term=1", _fake.Requests[^1].Query);
        Assert.Equal("b", _fake.Indices.Documents("llama3siem-report-claims")[Id]["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_worker_that_another_overtakes_between_reading_and_writing_the_expired_claim_loses()
    {
        var cluster = new FakeIndices();
        _fake.Indices = cluster;
        await using var a = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);
        await using var b = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);
        await a.TryClaimAsync(Id, "a", Six, Lease, Cancel);
        var rival = """{"owner":"c","attempt":"rival","claimed_at":"2026-03-02T07:00:00.000Z","expires_at":"2026-03-02T07:15:00.000Z"}""";
        _fake.Respond = r =>
        {
            if (r.Query.Contains("if_seq_no", StringComparison.Ordinal) && !cluster.Documents("llama3siem-report-claims")[Id].ToJsonString().Contains("rival", StringComparison.Ordinal))
            {
                // Worker c's takeover lands first, on the same sequence number b read.
                cluster.Answer(r with { Body = rival });
            }

            return null;
        };

        var won = await b.TryClaimAsync(Id, "b", Six.AddHours(1), Lease, Cancel);

        Assert.False(won);
        Assert.Equal("c", cluster.Documents("llama3siem-report-claims")[Id]["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_claim_whose_created_answer_was_lost_is_recognised_on_retry_as_this_calls_own()
    {
        var cluster = new FakeIndices();
        _fake.Indices = cluster;
        await using var store = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);
        var lost = false;
        _fake.Respond = r =>
        {
            if (r.Path.Contains("/_create/", StringComparison.Ordinal) && !lost)
            {
                lost = true;
                cluster.Answer(r);
                return new(503, """{"error":{"type":"unavailable_shards_exception"},"status":503}""");
            }

            return null;
        };

        Assert.True(await store.TryClaimAsync(Id, "a", Six, Lease, Cancel));
        Assert.Equal(2, _fake.RequestsTo("PUT", "/llama3siem-report-claims/_create/").Count);
        Assert.Single(_clock.Delays);
    }

    [Fact]
    public async Task Two_workers_taking_over_expired_claims_at_once_win_each_window_once()
    {
        _fake.Indices = new FakeIndices();
        await using var a = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);
        await using var b = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);
        var ids = Enumerable.Range(0, 20).Select(i => $"hourly-20260302T{i:00}00Z").ToList();
        foreach (var id in ids)
        {
            await a.TryClaimAsync(id, "dead", Six, Lease, Cancel);
        }

        var races = await Task.WhenAll(ids.Select(async id =>
        {
            var both = await Task.WhenAll(a.TryClaimAsync(id, "a", Six.AddHours(1), Lease, Cancel), b.TryClaimAsync(id, "b", Six.AddHours(1), Lease, Cancel));
            return both.Count(won => won);
        }));

        Assert.All(races, winners => Assert.Equal(1, winners));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Report_requests_answered_429_or_5xx_are_retried_with_growing_delays(int status)
    {
        _fake.Indices = new FakeIndices();
        await using var store = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock);
        var answered = new Dictionary<string, int>(StringComparer.Ordinal);
        _fake.Respond = r =>
        {
            // The first two of each request fail; the fake serves one request at a time.
            var seen = answered.GetValueOrDefault(r.Route);
            answered[r.Route] = seen + 1;
            return seen < 2 ? new(status, $$"""{"error":{"type":"es_rejected_execution_exception"},"status":{{status}}}""") : null;
        };

        Assert.True(await store.UpsertAsync(Report(), Cancel));
        Assert.Equal(Id, Assert.Single(await store.ListAsync(10, 0, null, null, Cancel)).Id);
        Assert.Equal(Report(), await store.GetAsync(Id, Cancel));

        // Jitter fixed at 0.5: three quarters of 100 ms · 2ⁿ, twice for each of the PUT, the search and the GET.
        Assert.Equal([75, 150, 75, 150, 75, 150], _clock.Delays.Select(d => d.TotalMilliseconds));
    }

    [Fact]
    public async Task Retries_spent_throw_a_transient_error_and_a_refusal_throws_its_status_without_report_text()
    {
        await using var store = await ElasticsearchTestStore.OpenReportsAsync(_fake, _clock, ElasticsearchTestStore.Options(maxRetries: 2));
        _fake.Respond = r => r.Path.StartsWith("/llama3siem-report-claims/", StringComparison.Ordinal)
            ? new(503, """{"error":{"type":"cluster_block_exception"},"status":503}""")
            : r.Path.StartsWith("/llama3siem-reports/_doc/", StringComparison.Ordinal) && r.Method == "PUT"
                ? new(400, """{"error":{"type":"document_parsing_exception","reason":"failed to parse field [json] of value [secret-host-7]"},"status":400}""")
                : null;

        var exhausted = await Assert.ThrowsAsync<ElasticsearchStoreException>(() => store.TryClaimAsync(Id, "a", Six, Lease, Cancel));
        var refused = await Assert.ThrowsAsync<ElasticsearchStoreException>(() => store.UpsertAsync(Report("""{"host":"secret-host-7"}"""), Cancel));

        Assert.Equal((503, true), (exhausted.StatusCode, exhausted.IsTransient));
        Assert.Equal(3, _fake.RequestsTo("PUT", "/llama3siem-report-claims/_create/").Count);
        Assert.Equal((400, false), (refused.StatusCode, refused.IsTransient));
        Assert.Contains("document_parsing_exception", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-host-7", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_used_before_initialize_is_refused()
    {
        await using var store = new ElasticsearchReportStore(ElasticsearchTestStore.Options(), _fake.Settings(), null, _clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetAsync(Id, Cancel));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.TryClaimAsync(Id, "a", Six, Lease, Cancel));
        Assert.Empty(_fake.Requests);
    }

    private static void AssertJsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {expected}\nbut got {actual}");
}
