using System.Text.Json.Nodes;
using Llama3Siem.Sinks.Incidents;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>The search and lookup request bodies. Values go in as JSON values, never spliced into query syntax.</summary>
internal static class IncidentSearchBody
{
    /// <summary>The fields a text query looks in: the same ground as the SQLite store's full-text index.</summary>
    public static readonly IReadOnlyList<string> TextFields =
    [
        "llama3siem.summary",
        "llama3siem.narrative",
        "llama3siem.iocs.value",
        "llama3siem.iocs.value.text",
        "threat.technique.id",
        "threat.technique.name.text",
        "llama3siem.mitigations.id",
        "llama3siem.mitigations.title",
        "host.name",
        "user.name",
        "related.ip",
    ];

    /// <summary>The sub-aggregation of <c>iocs</c> that holds only IOCs seen outside injection text.</summary>
    public const string EvidenceIocs = "evidence";

    /// <summary>The filter aggregation counting incidents whose injection was detected.</summary>
    public const string InjectionIncidents = "injection";

    public static JsonObject Search(IncidentQuery query)
    {
        var filters = new JsonArray();
        if (query.From is { } from)
        {
            filters.Add(Range("event.end", "gte", IncidentDocument.Timestamp(from)));
        }

        if (query.To is { } to)
        {
            filters.Add(Range("@timestamp", "lt", IncidentDocument.Timestamp(to)));
        }

        if (query.MinimumSeverity is { } minimum)
        {
            filters.Add(Range("event.severity", "gte", (int)minimum));
        }

        AddTerm(filters, "threat.technique.id", query.Technique);
        AddTerm(filters, "host.name", query.Host);
        AddTerm(filters, "user.name", query.User);
        if (!string.IsNullOrWhiteSpace(query.IocValue))
        {
            filters.Add(new JsonObject
            {
                ["nested"] = new JsonObject
                {
                    ["path"] = "llama3siem.iocs",
                    ["query"] = new JsonObject { ["term"] = new JsonObject { ["llama3siem.iocs.value"] = query.IocValue.Trim() } },
                },
            });
        }

        var condition = new JsonObject { ["filter"] = filters };
        var text = string.IsNullOrWhiteSpace(query.Text) ? null : query.Text.Trim();
        if (text is not null)
        {
            condition["must"] = new JsonArray(new JsonObject
            {
                ["simple_query_string"] = new JsonObject
                {
                    ["query"] = text,
                    ["fields"] = new JsonArray([.. TextFields.Select(f => (JsonNode)JsonValue.Create(f))]),
                    ["default_operator"] = "and",
                    // An ip field refuses a word; lenient lets the other fields answer instead of failing the search.
                    ["lenient"] = true,
                },
            });
        }

        var sort = new JsonArray();
        if (text is not null)
        {
            sort.Add("_score");
        }

        sort.Add(new JsonObject { ["event.end"] = new JsonObject { ["order"] = "desc" } });
        sort.Add(new JsonObject { ["llama3siem.incident.id"] = new JsonObject { ["order"] = "asc" } });

        return new JsonObject
        {
            ["from"] = query.Offset,
            ["size"] = query.Limit,
            ["track_total_hits"] = false,
            ["_source"] = new JsonArray(IncidentDocument.DocumentField),
            ["query"] = new JsonObject { ["bool"] = condition },
            ["sort"] = sort,
        };
    }

    /// <summary>Incidents holding any of these event ids; only their event lists come back.</summary>
    public static JsonObject EnrichedEvents(IReadOnlyList<string> eventIds, int from, int size) => new()
    {
        ["from"] = from,
        ["size"] = size,
        ["track_total_hits"] = false,
        ["_source"] = new JsonArray(IncidentDocument.EventsField),
        ["query"] = new JsonObject
        {
            ["bool"] = new JsonObject
            {
                ["filter"] = new JsonArray(new JsonObject
                {
                    ["terms"] = new JsonObject
                    {
                        [IncidentDocument.EventsField] = new JsonArray([.. eventIds.Select(id => (JsonNode)JsonValue.Create(id))]),
                    },
                }),
            },
        },
        ["sort"] = new JsonArray(new JsonObject { ["llama3siem.incident.id"] = new JsonObject { ["order"] = "asc" } }),
    };

    private static JsonObject Range<T>(string field, string op, T value) => new()
    {
        ["range"] = new JsonObject { [field] = new JsonObject { [op] = JsonValue.Create(value) } },
    };

    /// <summary>
    /// Counts over incidents active in a window: the same filter as a search with From/To, no hits, and terms
    /// aggregations. Nested lists are counted inside their nested documents; each value occurs once per incident
    /// there (the pipeline de-duplicates them), so nested counts are incident counts. IOCs seen only inside
    /// injection text are filtered out inside the nested aggregation (<c>must_not</c>, so documents written
    /// before the field existed still count), and incidents whose injection was detected are counted apart.
    /// </summary>
    public static JsonObject Aggregations(DateTimeOffset from, DateTimeOffset to, int top) => new()
    {
        ["size"] = 0,
        ["track_total_hits"] = true,
        ["query"] = new JsonObject
        {
            ["bool"] = new JsonObject
            {
                ["filter"] = new JsonArray(
                    new JsonObject { ["range"] = new JsonObject { ["event.end"] = new JsonObject { ["gte"] = from.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture) } } },
                    new JsonObject { ["range"] = new JsonObject { ["@timestamp"] = new JsonObject { ["lt"] = to.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture) } } }),
            },
        },
        ["aggs"] = new JsonObject
        {
            ["severity"] = Terms("llama3siem.severity", 10),
            ["techniques"] = Terms("threat.technique.id", top),
            ["hosts"] = Terms("host.name", top),
            ["iocs"] = new JsonObject
            {
                ["nested"] = new JsonObject { ["path"] = "llama3siem.iocs" },
                ["aggs"] = new JsonObject
                {
                    [EvidenceIocs] = new JsonObject
                    {
                        ["filter"] = new JsonObject
                        {
                            ["bool"] = new JsonObject { ["must_not"] = new JsonArray(Term("llama3siem.iocs.injected", true)) },
                        },
                        ["aggs"] = new JsonObject
                        {
                            ["top"] = new JsonObject
                            {
                                ["multi_terms"] = new JsonObject
                                {
                                    ["terms"] = new JsonArray(new JsonObject { ["field"] = "llama3siem.iocs.type" }, new JsonObject { ["field"] = "llama3siem.iocs.value" }),
                                    ["size"] = top,
                                    ["order"] = new JsonArray(new JsonObject { ["_count"] = "desc" }, new JsonObject { ["_key"] = "asc" }),
                                },
                            },
                        },
                    },
                },
            },
            [InjectionIncidents] = new JsonObject { ["filter"] = Term("llama3siem.injection.detected", true) },
            ["mitigations"] = new JsonObject
            {
                ["nested"] = new JsonObject { ["path"] = "llama3siem.mitigations" },
                ["aggs"] = new JsonObject { ["top"] = Terms("llama3siem.mitigations.id", top) },
            },
        },
    };

    private static void AddTerm(JsonArray filters, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            filters.Add(Term(field, value.Trim()));
        }
    }

    private static JsonObject Term<T>(string field, T value) => new()
    {
        ["term"] = new JsonObject { [field] = JsonValue.Create(value) },
    };

    private static JsonObject Terms(string field, int size) => new()
    {
        ["terms"] = new JsonObject
        {
            ["field"] = field,
            ["size"] = size,
            ["order"] = new JsonArray(new JsonObject { ["_count"] = "desc" }, new JsonObject { ["_key"] = "asc" }),
        },
    };
}
