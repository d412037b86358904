using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

/// <summary>
/// The state behind a <see cref="FakeElasticsearch"/> for the document APIs a store uses, answered as an
/// Elasticsearch 9 node answers them: templates kept and returned, indices with aliases, documents by id with
/// <c>_seq_no</c>/<c>_primary_term</c>, <c>op_type=create</c> and <c>if_seq_no</c> conflicts (409), <c>dynamic:
/// strict</c> mappings from the matching index template, searches that see only refreshed documents
/// (<c>refresh=wait_for</c>/<c>true</c> or <c>_refresh</c>) with <c>range</c> filters, field sorts, paging and
/// <c>_source</c> excludes. Anything else gets null (the fake's default answer) or, for a search it cannot
/// evaluate, a 400, so a test never passes on an answer the fake made up. The fake serves one request at a time,
/// so each request is atomic, as a single document write is in Elasticsearch.
/// </summary>
internal sealed class FakeIndices
{
    private readonly Dictionary<string, JsonObject> _templates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeIndex> _indices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The answer to a request this state covers, or null.</summary>
    public FakeResponse? Answer(RecordedRequest request)
    {
        lock (_lock)
        {
            var segments = request.Path.Trim('/').Split('/');
            var query = System.Web.HttpUtility.ParseQueryString(request.Query);
            return (request.Method, segments) switch
            {
                ("GET", ["_component_template" or "_index_template", var name]) => GetTemplate(segments[0], name),
                ("PUT", ["_component_template" or "_index_template", var name]) => PutTemplate(segments[0], name, request.Body),
                ("HEAD", [var name]) => new(Resolve(name) is null ? 404 : 200, string.Empty),
                ("PUT", [var name]) when !name.StartsWith('_') => CreateIndex(name, request.Body),
                ("PUT" or "POST", [var name, "_doc", var id]) => Write(name, Uri.UnescapeDataString(id), request.Body, query["op_type"] == "create", query),
                ("PUT" or "POST", [var name, "_create", var id]) => Write(name, Uri.UnescapeDataString(id), request.Body, create: true, query),
                ("GET", [var name, "_doc", var id]) => Get(name, Uri.UnescapeDataString(id), query["_source"] == "false"),
                ("POST", [var name, "_refresh"]) => Refresh(name),
                ("POST" or "GET", [var name, "_search"]) => Search(name, request.Body),
                _ => null,
            };
        }
    }

    /// <summary>Documents of an index or alias, refreshed or not, by id.</summary>
    public IReadOnlyDictionary<string, JsonObject> Documents(string name) =>
        Resolve(name) is { } index ? index.Live.ToDictionary(d => d.Key, d => d.Value.Source) : [];

    private FakeIndex? Resolve(string name) =>
        _indices.TryGetValue(_aliases.GetValueOrDefault(name, name), out var index) ? index : null;

    private FakeResponse GetTemplate(string api, string name)
    {
        var (list, item) = api == "_index_template" ? ("index_templates", "index_template") : ("component_templates", "component_template");
        return _templates.TryGetValue(api + "/" + name, out var template)
            ? new(200, new JsonObject { [list] = new JsonArray(new JsonObject { ["name"] = name, [item] = template.DeepClone() }) }.ToJsonString())
            : Error(404, "resource_not_found_exception");
    }

    private FakeResponse PutTemplate(string api, string name, string body)
    {
        _templates[api + "/" + name] = JsonNode.Parse(body)!.AsObject();
        return new(200, """{"acknowledged":true}""");
    }

    private FakeResponse CreateIndex(string name, string body)
    {
        if (_indices.ContainsKey(name) || _aliases.ContainsKey(name))
        {
            return Error(400, "resource_already_exists_exception");
        }

        _indices[name] = new FakeIndex(name, MappingFor(name));
        if (body.Length > 0 && JsonNode.Parse(body)?["aliases"] is JsonObject aliases)
        {
            foreach (var (alias, _) in aliases)
            {
                _aliases[alias] = name;
            }
        }

        return new(200, $$"""{"acknowledged":true,"shards_acknowledged":true,"index":"{{name}}"}""");
    }

    /// <summary>The <c>mappings</c> of the highest-priority index template whose pattern matches, if any.</summary>
    private JsonObject? MappingFor(string index) =>
        _templates.Where(t => t.Key.StartsWith("_index_template/", StringComparison.Ordinal))
            .Select(t => t.Value)
            .Where(t => t["index_patterns"]!.AsArray().Any(p => Matches(p!.GetValue<string>(), index)))
            .OrderByDescending(t => t["priority"]?.GetValue<int>() ?? 0)
            .Select(t => t["template"]?["mappings"] as JsonObject)
            .FirstOrDefault();

    private static bool Matches(string pattern, string name) =>
        pattern.EndsWith('*') ? name.StartsWith(pattern[..^1], StringComparison.Ordinal) : name == pattern;

    private FakeResponse Write(string name, string id, string body, bool create, System.Collections.Specialized.NameValueCollection query)
    {
        if (Resolve(name) is not { } index)
        {
            return Error(404, "index_not_found_exception");
        }

        var source = JsonNode.Parse(body)!.AsObject();
        if (index.Mapping is { } mapping && StrictMapping.FirstRefused(source, mapping) is { } field)
        {
            return Error(400, field.StartsWith('!') ? "document_parsing_exception" : "strict_dynamic_mapping_exception");
        }

        index.Live.TryGetValue(id, out var existing);
        if (create && existing is not null)
        {
            return Error(409, "version_conflict_engine_exception");
        }

        if (query["if_seq_no"] is { } seqNo
            && (existing is null
                || existing.SeqNo != long.Parse(seqNo, CultureInfo.InvariantCulture)
                || query["if_primary_term"] != FakeIndex.PrimaryTerm.ToString(CultureInfo.InvariantCulture)))
        {
            return Error(409, "version_conflict_engine_exception");
        }

        var stored = new FakeDocument(source, index.NextSeqNo++, (existing?.Version ?? 0) + 1);
        index.Live[id] = stored;
        if (query["refresh"] is "wait_for" or "true" or "")
        {
            index.Searchable[id] = stored;
        }

        var result = existing is null ? "created" : "updated";
        return new(existing is null ? 201 : 200, new JsonObject
        {
            ["_index"] = index.Name,
            ["_id"] = id,
            ["_version"] = stored.Version,
            ["result"] = result,
            ["_seq_no"] = stored.SeqNo,
            ["_primary_term"] = FakeIndex.PrimaryTerm,
        }.ToJsonString());
    }

    private FakeResponse Get(string name, string id, bool withoutSource)
    {
        if (Resolve(name) is not { } index)
        {
            return Error(404, "index_not_found_exception");
        }

        if (!index.Live.TryGetValue(id, out var document))
        {
            return new(404, new JsonObject { ["_index"] = index.Name, ["_id"] = id, ["found"] = false }.ToJsonString());
        }

        var answer = new JsonObject
        {
            ["_index"] = index.Name,
            ["_id"] = id,
            ["_version"] = document.Version,
            ["_seq_no"] = document.SeqNo,
            ["_primary_term"] = FakeIndex.PrimaryTerm,
            ["found"] = true,
        };
        if (!withoutSource)
        {
            answer["_source"] = document.Source.DeepClone();
        }

        return new(200, answer.ToJsonString());
    }

    private FakeResponse Refresh(string name)
    {
        if (Resolve(name) is not { } index)
        {
            return Error(404, "index_not_found_exception");
        }

        index.Searchable.Clear();
        foreach (var (id, document) in index.Live)
        {
            index.Searchable[id] = document;
        }

        return new(200, """{"_shards":{"total":1,"successful":1,"failed":0}}""");
    }

    private FakeResponse Search(string name, string body)
    {
        if (Resolve(name) is not { } index)
        {
            return Error(404, "index_not_found_exception");
        }

        var request = body.Length == 0 ? new JsonObject() : JsonNode.Parse(body)!.AsObject();
        if (request.Any(p => p.Key is not ("from" or "size" or "track_total_hits" or "_source" or "query" or "sort"))
            || request["query"] is { } query && !IsFilterOnly(query))
        {
            return Error(400, "fake_does_not_support_this_search");
        }

        var filters = request["query"]?["bool"]?["filter"]?.AsArray() ?? [];
        var hits = index.Searchable.Where(d => filters.All(f => InRange(d.Value.Source, f!["range"]!.AsObject()))).ToList();
        var sort = request["sort"]?.AsArray().Select(s => s!.AsObject().Single()).ToList() ?? [];
        hits.Sort((a, b) =>
        {
            foreach (var (field, order) in sort)
            {
                var compared = Compare(a.Value.Source[field], b.Value.Source[field]);
                if (compared != 0)
                {
                    return order?["order"]?.GetValue<string>() == "desc" ? -compared : compared;
                }
            }

            return string.CompareOrdinal(a.Key, b.Key);
        });

        var excludes = request["_source"]?["excludes"]?.AsArray().Select(e => e!.GetValue<string>()).ToHashSet() ?? [];
        var page = hits.Skip(request["from"]?.GetValue<int>() ?? 0).Take(request["size"]?.GetValue<int>() ?? 10);
        var items = new JsonArray();
        foreach (var (id, document) in page)
        {
            var source = document.Source.DeepClone().AsObject();
            foreach (var field in excludes)
            {
                source.Remove(field);
            }

            items.Add(new JsonObject
            {
                ["_index"] = index.Name,
                ["_id"] = id,
                ["_score"] = null,
                ["_source"] = source,
                ["sort"] = new JsonArray([.. sort.Select(s => document.Source[s.Key]?.DeepClone())]),
            });
        }

        return new(200, new JsonObject
        {
            ["took"] = 1,
            ["timed_out"] = false,
            ["hits"] = new JsonObject { ["max_score"] = null, ["hits"] = items },
        }.ToJsonString());
    }

    private static bool IsFilterOnly(JsonNode query) =>
        query is JsonObject { Count: 1 } outer && outer["bool"] is JsonObject { Count: 1 } inner
        && inner["filter"] is JsonArray filters
        && filters.All(f => f is JsonObject { Count: 1 } filter && filter["range"] is JsonObject { Count: 1 });

    private static bool InRange(JsonObject source, JsonObject range)
    {
        var (field, bounds) = range.Single();
        var value = source[field];
        foreach (var (op, bound) in bounds!.AsObject())
        {
            var compared = Compare(value, bound);
            var holds = op switch
            {
                "gt" => compared > 0,
                "gte" => compared >= 0,
                "lt" => compared < 0,
                "lte" => compared <= 0,
                _ => throw new NotSupportedException($"range operator {op}"),
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Numbers as numbers, dates as instants, other strings ordinally.</summary>
    private static int Compare(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return (a is null).CompareTo(b is null);
        }

        if (a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number)
        {
            return a.GetValue<double>().CompareTo(b.GetValue<double>());
        }

        var (x, y) = (a.GetValue<string>(), b.GetValue<string>());
        return DateTimeOffset.TryParse(x, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var first)
            && DateTimeOffset.TryParse(y, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var second)
            ? first.CompareTo(second)
            : string.CompareOrdinal(x, y);
    }

    private static FakeResponse Error(int status, string type) =>
        new(status, $$"""{"error":{"type":"{{type}}","reason":"answered by the fake"},"status":{{status}}}""");

    private sealed record FakeDocument(JsonObject Source, long SeqNo, long Version);

    private sealed class FakeIndex(string name, JsonObject? mapping)
    {
        public const long PrimaryTerm = 1;

        public string Name => name;

        public JsonObject? Mapping => mapping;

        public long NextSeqNo { get; set; }

        public Dictionary<string, FakeDocument> Live { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, FakeDocument> Searchable { get; } = new(StringComparer.Ordinal);
    }
}
