using System.Text.Json.Nodes;
using Llama3Siem.Sinks.Elasticsearch;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

public sealed class ElasticsearchTemplateTests : IAsyncDisposable
{
    private readonly FakeElasticsearch _fake = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _fake.DisposeAsync();

    [Fact]
    public async Task Missing_templates_are_installed_as_the_deploy_files_say_then_the_index_behind_its_alias()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        var folder = ElasticsearchTestStore.DeployFolder();
        var puts = _fake.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal(
            ["PUT /_component_template/llama3siem-incidents-settings", "PUT /_component_template/llama3siem-incidents-mappings",
             "PUT /_index_template/llama3siem-incidents", "PUT /llama3siem-incidents-v1"],
            puts.Select(r => r.Route));
        AssertJsonEqual(File.ReadAllText(Path.Combine(folder, "component-template.settings.json")), puts[0].Body);
        AssertJsonEqual(File.ReadAllText(Path.Combine(folder, "component-template.mappings.json")), puts[1].Body);
        AssertJsonEqual(File.ReadAllText(Path.Combine(folder, "index-template.json")), puts[2].Body);
        AssertJsonEqual("""{"aliases":{"llama3siem-incidents":{"is_write_index":true}}}""", puts[3].Body);
        Assert.Contains(_fake.Requests, r => r.Route == "HEAD /llama3siem-incidents");
    }

    [Fact]
    public async Task Every_request_carries_the_vendored_Elasticsearch_9_media_type()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        Assert.All(_fake.Requests, r => Assert.Equal(FakeElasticsearch.VendoredJson, r.Accept));
        Assert.All(_fake.Requests.Where(r => r.Method == "PUT"), r => Assert.Equal(FakeElasticsearch.VendoredJson, r.ContentType));
    }

    [Fact]
    public async Task Templates_already_installed_at_our_version_are_not_put_again()
    {
        _fake.Respond = r => r switch
        {
            { Method: "GET", Path: var p } when p.StartsWith("/_component_template/", StringComparison.Ordinal) =>
                new(200, $$$$"""{"component_templates":[{"name":"{{{{p[21..]}}}}","component_template":{"version":{{{{OurVersion(p)}}}},"template":{}}}]}"""),
            { Method: "GET", Path: var p } when p.StartsWith("/_index_template/", StringComparison.Ordinal) =>
                new(200, """{"index_templates":[{"name":"llama3siem-incidents","index_template":{"version":1,"index_patterns":["llama3siem-incidents-*"]}}]}"""),
            { Method: "HEAD" } => new(200, string.Empty),
            _ => null,
        };

        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        Assert.DoesNotContain(_fake.Requests, r => r.Method == "PUT");
        Assert.Equal(4, _fake.Requests.Count);
    }

    [Fact]
    public async Task An_older_template_version_is_replaced()
    {
        _fake.Respond = r => r switch
        {
            { Method: "GET", Path: "/_component_template/llama3siem-incidents-mappings" } =>
                new(200, """{"component_templates":[{"name":"llama3siem-incidents-mappings","component_template":{"version":0,"template":{}}}]}"""),
            _ => null,
        };

        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        Assert.Single(_fake.Requests, r => r.Route == "PUT /_component_template/llama3siem-incidents-mappings");
    }

    [Fact]
    public async Task A_newer_mappings_template_adds_its_fields_to_the_index_that_already_exists()
    {
        _fake.Respond = r => r switch
        {
            { Method: "GET", Path: "/_component_template/llama3siem-incidents-mappings" } =>
                new(200, """{"component_templates":[{"name":"llama3siem-incidents-mappings","component_template":{"version":1,"template":{}}}]}"""),
            { Method: "HEAD", Path: "/llama3siem-incidents" } => new(200, string.Empty),
            _ => null,
        };

        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        var put = Assert.Single(_fake.Requests, r => r.Route == "PUT /llama3siem-incidents/_mapping");
        var mappings = JsonNode.Parse(File.ReadAllText(Path.Combine(ElasticsearchTestStore.DeployFolder(), "component-template.mappings.json")))!;
        AssertJsonEqual(mappings["template"]!["mappings"]!.ToJsonString(), put.Body);
        Assert.DoesNotContain(_fake.Requests, r => r.Route == "PUT /llama3siem-incidents-v1");
    }

    [Fact]
    public async Task A_new_index_made_from_the_current_templates_gets_no_mapping_update()
    {
        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        Assert.DoesNotContain(_fake.Requests, r => r.Path.EndsWith("/_mapping", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_prefix_renames_the_pattern_the_components_and_the_alias()
    {
        var options = ElasticsearchTestStore.Options();
        options.IndexPrefix = "soc-east";

        await using var store = await ElasticsearchTestStore.OpenAsync(_fake, options: options);

        var indexTemplate = JsonNode.Parse(_fake.Requests.Single(r => r.Route == "PUT /_index_template/soc-east-incidents").Body)!;
        Assert.Equal("""["soc-east-incidents-*"]""", indexTemplate["index_patterns"]!.ToJsonString());
        Assert.Equal("""["soc-east-incidents-settings","soc-east-incidents-mappings"]""", indexTemplate["composed_of"]!.ToJsonString());
        Assert.Contains(_fake.Requests, r => r.Route == "PUT /soc-east-incidents-v1");
        Assert.Equal("soc-east-incidents", store.Alias);
    }

    [Fact]
    public async Task An_index_created_by_another_worker_meanwhile_is_accepted()
    {
        _fake.Respond = r => r.Route == "PUT /llama3siem-incidents-v1"
            ? new(400, """{"error":{"type":"resource_already_exists_exception","reason":"exists"},"status":400}""")
            : null;

        await using var store = await ElasticsearchTestStore.OpenAsync(_fake);

        Assert.Equal(0, await store.CountAsync(Cancel));
    }

    [Fact]
    public async Task A_refused_template_fails_initialization_with_the_status_and_error_type()
    {
        _fake.Respond = r => r.Method == "PUT"
            ? new(403, """{"error":{"type":"security_exception","reason":"action is unauthorized"},"status":403}""")
            : null;
        var store = new ElasticsearchIncidentStore(ElasticsearchTestStore.Options(), _fake.Settings(), null, new DelayRecorder());

        var error = await Assert.ThrowsAsync<ElasticsearchStoreException>(() => store.InitializeAsync(Cancel));

        Assert.Equal(403, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.Contains("security_exception", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_without_the_Elasticsearch_product_header_is_refused_by_the_client()
    {
        await using var impostor = new HeaderlessEndpoint();
        var store = new ElasticsearchIncidentStore(
            ElasticsearchTestStore.Options(), new Elastic.Clients.Elasticsearch.ElasticsearchClientSettings(impostor.BaseUrl), null, new DelayRecorder());

        await Assert.ThrowsAnyAsync<Exception>(() => store.InitializeAsync(Cancel));
    }

    private static long OurVersion(string componentPath) => IncidentTemplates.VersionOf(
        componentPath.EndsWith("-settings", StringComparison.Ordinal) ? IncidentTemplates.Settings() : IncidentTemplates.Mappings());

    private static void AssertJsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {expected}\nbut got {actual}");
}
