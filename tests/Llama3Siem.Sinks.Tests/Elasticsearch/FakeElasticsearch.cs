using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Elastic.Clients.Elasticsearch;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

/// <summary>A request as the fake endpoint received it.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, string Body, string? ContentType, string? Accept)
{
    public string Route => $"{Method} {Path}";
}

/// <summary>What the fake endpoint answers.</summary>
internal sealed record FakeResponse(int Status, string Body = "{}");

/// <summary>
/// An HTTP endpoint on 127.0.0.1 that answers like an Elasticsearch 9 node as far as the client can tell (the
/// <c>X-Elastic-Product</c> header and the vendored media type on every response) and records every request.
/// Tests script answers with <see cref="Respond"/>; the default answers a fresh, empty, healthy cluster.
/// </summary>
internal sealed class FakeElasticsearch : IAsyncDisposable
{
    public const string VendoredJson = "application/vnd.elasticsearch+json;compatible-with=9";

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Task _loop;

    public FakeElasticsearch()
    {
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    /// <summary>The answer to each request; returning null falls back to <see cref="Healthy"/>.</summary>
    public Func<RecordedRequest, FakeResponse?> Respond { get; set; } = _ => null;

    /// <summary>
    /// When set, document, index and template requests are answered from this state (after <see cref="Respond"/>,
    /// before <see cref="Healthy"/>), so a store can be driven through whole scenarios.
    /// </summary>
    public FakeIndices? Indices { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string pathStart) =>
        [.. _requests.Where(r => r.Method == method && r.Path.StartsWith(pathStart, StringComparison.Ordinal))];

    public ElasticsearchClientSettings Settings() => new(BaseUrl);

    /// <summary>A fresh cluster: no templates, no index; writes succeed (each id "created"), searches find nothing.</summary>
    public static FakeResponse Healthy(RecordedRequest request) => request switch
    {
        { Method: "GET", Path: var p } when p.StartsWith("/_component_template/", StringComparison.Ordinal)
            || p.StartsWith("/_index_template/", StringComparison.Ordinal) => new(404, """{"error":{"type":"resource_not_found_exception","reason":"missing"},"status":404}"""),
        { Method: "HEAD" } => new(404, string.Empty),
        { Method: "POST", Path: "/_bulk" } => new(200, BulkAnswer(request, _ => (201, "created", null))),
        { Method: "POST", Path: var p } when p.EndsWith("/_search", StringComparison.Ordinal) => new(200, """{"took":1,"timed_out":false,"hits":{"hits":[]}}"""),
        { Method: "GET", Path: var p } when p.EndsWith("/_count", StringComparison.Ordinal) => new(200, """{"count":0}"""),
        _ => new(200, """{"acknowledged":true}"""),
    };

    /// <summary>
    /// A bulk answer with one item per action line of the request, in order; <paramref name="outcome"/> gives each
    /// id's status, result and error type. The top-level <c>errors</c> is set as Elasticsearch sets it.
    /// </summary>
    public static string BulkAnswer(RecordedRequest request, Func<string, (int Status, string? Result, string? ErrorType)> outcome)
    {
        var items = new List<string>();
        var errors = false;
        foreach (var (index, id) in BulkActions(request))
        {
            var (status, result, errorType) = outcome(id);
            errors |= errorType is not null;
            items.Add(errorType is null
                ? $$$"""{"index":{"_index":"{{{index}}}-v1","_id":"{{{id}}}","_version":1,"result":"{{{result}}}","status":{{{status}}}}}"""
                : $$$$"""{"index":{"_index":"{{{{index}}}}-v1","_id":"{{{{id}}}}","status":{{{{status}}}},"error":{"type":"{{{{errorType}}}}","reason":"failed for test"}}}""");
        }

        return $$"""{"took":3,"errors":{{(errors ? "true" : "false")}},"items":[{{string.Join(",", items)}}]}""";
    }

    /// <summary>The (_index, _id) of every action line of a bulk body.</summary>
    public static IReadOnlyList<(string Index, string Id)> BulkActions(RecordedRequest request)
    {
        var lines = request.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var actions = new List<(string, string)>();
        for (var i = 0; i < lines.Length; i += 2)
        {
            using var action = System.Text.Json.JsonDocument.Parse(lines[i]);
            var index = action.RootElement.GetProperty("index");
            actions.Add((index.GetProperty("_index").GetString()!, index.GetProperty("_id").GetString()!));
        }

        return actions;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_listener.IsListening)
        {
            return;
        }

        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // The client compresses request bodies; the recorded body is what Elasticsearch would read.
            var input = string.Equals(context.Request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase)
                ? new System.IO.Compression.GZipStream(context.Request.InputStream, System.IO.Compression.CompressionMode.Decompress)
                : context.Request.InputStream;
            using var reader = new StreamReader(input, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var request = new RecordedRequest(
                context.Request.HttpMethod,
                context.Request.Url!.AbsolutePath,
                context.Request.Url.Query,
                body,
                context.Request.ContentType,
                context.Request.Headers["Accept"]);
            _requests.Enqueue(request);

            var response = Respond(request) ?? Indices?.Answer(request) ?? Healthy(request);
            context.Response.StatusCode = response.Status;
            context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
            context.Response.ContentType = VendoredJson;
            var bytes = Encoding.UTF8.GetBytes(response.Body);
            if (request.Method != "HEAD" && bytes.Length > 0)
            {
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
            }

            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
