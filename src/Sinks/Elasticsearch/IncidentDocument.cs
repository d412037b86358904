using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// One incident as the Elasticsearch index holds it: ECS fields where ECS has a field, the <c>llama3siem</c>
/// namespace for the rest, and the whole <see cref="EnrichedIncident"/> under <c>llama3siem.document</c>
/// (stored, not indexed) so that reads return exactly what was written, as the SQLite store does.
/// </summary>
internal static class IncidentDocument
{
    public const string DocumentField = "llama3siem.document";
    public const string EventsField = "llama3siem.events";

    /// <summary>The <c>_source</c> to index, as compact UTF-8 JSON. Same incident, same bytes.</summary>
    public static byte[] ToSource(EnrichedIncident incident, Severity severity)
    {
        var document = JsonSerializer.SerializeToNode(incident, IncidentJson.Options)!;
        var serialized = IncidentJson.Serialize(incident);

        var source = new JsonObject
        {
            ["@timestamp"] = Timestamp(incident.FirstSeen),
            ["ecs"] = new JsonObject { ["version"] = "9.0.0" },
            ["event"] = new JsonObject
            {
                ["kind"] = "alert",
                ["category"] = new JsonArray("intrusion_detection"),
                ["dataset"] = "llama3siem.incident",
                ["start"] = Timestamp(incident.FirstSeen),
                ["end"] = Timestamp(incident.LastSeen),
                ["severity"] = (int)severity,
            },
        };

        if (incident.Hosts.Count > 0)
        {
            source["host"] = new JsonObject { ["name"] = Strings(incident.Hosts) };
        }

        if (incident.Users.Count > 0)
        {
            source["user"] = new JsonObject { ["name"] = Strings(incident.Users) };
        }

        var related = Related(incident);
        if (related.Count > 0)
        {
            source["related"] = related;
        }

        if (incident.Rules.Count > 0)
        {
            // ECS rule.* names the rules that fired, so SIEM searches pivot on them without our namespace.
            source["rule"] = new JsonObject
            {
                ["id"] = Strings(incident.Rules.Select(r => r.Id).Distinct(StringComparer.Ordinal)),
                ["name"] = Strings(incident.Rules.Select(r => r.Title).Distinct(StringComparer.Ordinal)),
            };
        }

        if (incident.Techniques.Count > 0)
        {
            var names = incident.Techniques.Where(t => t.Name is not null).Select(t => t.Name!).Distinct(StringComparer.Ordinal).ToList();
            var technique = new JsonObject { ["id"] = Strings(incident.Techniques.Select(t => t.Id).Distinct(StringComparer.Ordinal)) };
            if (names.Count > 0)
            {
                technique["name"] = Strings(names);
            }

            source["threat"] = new JsonObject { ["framework"] = "MITRE ATT&CK", ["technique"] = technique };
        }

        var ours = new JsonObject
        {
            ["incident"] = new JsonObject { ["id"] = incident.Id },
            ["severity"] = severity.ToName(),
            ["summary"] = incident.Summary,
        };
        if (incident.Narrative is not null)
        {
            ours["narrative"] = incident.Narrative;
        }

        ours["narrative_status"] = incident.NarrativeStatus;
        if (incident.Confidence is { } confidence)
        {
            ours["confidence"] = confidence;
        }

        ours["events"] = Strings(incident.Events);
        CopyIfAny(document, ours, "iocs", incident.Iocs.Count);
        CopyIfAny(document, ours, "techniques", incident.Techniques.Count);
        CopyIfAny(document, ours, "rules", incident.Rules.Count);
        CopyIfAny(document, ours, "mitigations", incident.Mitigations.Count);
        if (incident.Injection is not null)
        {
            ours["injection"] = document["injection"]!.DeepClone();
        }

        ours["verification"] = document["verification"]!.DeepClone();
        ours["provenance"] = document["provenance"]!.DeepClone();
        ours["content_hash"] = IncidentContent.Hash(incident, serialized);
        ours["document"] = document;
        source["llama3siem"] = ours;

        return JsonSerializer.SerializeToUtf8Bytes(source, IncidentJson.Options);
    }

    /// <summary>Reads the incident back from a hit's or a GET's <c>_source</c>.</summary>
    public static EnrichedIncident FromSource(JsonElement source)
    {
        if (!source.TryGetProperty("llama3siem", out var ours) || !ours.TryGetProperty("document", out var document))
        {
            throw new JsonException($"A stored incident has no {DocumentField} field.");
        }

        return document.Deserialize<EnrichedIncident>(IncidentJson.Options)
            ?? throw new JsonException("A stored incident document was null.");
    }

    private static JsonObject Related(EnrichedIncident incident)
    {
        // ECS related.* is what SIEM rules and threat-intel matching pivot on: an IOC seen only inside injection
        // text is the attacker's suggestion, not an observable, so it stays in llama3siem.iocs (marked) only.
        var evidence = incident.Iocs.Where(i => !i.Injected).ToList();

        // An "ip" field refuses what is not an address: only values that parse go there, so that a document
        // is never rejected for an IOC the extractor typed loosely.
        var ips = incident.Addresses
            .Concat(evidence.Where(i => IsType(i, IocType.Ipv4) || IsType(i, IocType.Ipv6)).Select(i => i.Value))
            .Where(value => IPAddress.TryParse(value, out _))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var hashes = evidence
            .Where(i => IsType(i, IocType.Md5) || IsType(i, IocType.Sha1) || IsType(i, IocType.Sha256))
            .Select(i => i.Value.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var hosts = incident.Hosts
            .Concat(evidence.Where(i => IsType(i, IocType.Domain)).Select(i => i.Value))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        var related = new JsonObject();
        if (ips.Count > 0)
        {
            related["ip"] = Strings(ips);
        }

        if (hosts.Count > 0)
        {
            related["hosts"] = Strings(hosts);
        }

        if (incident.Users.Count > 0)
        {
            related["user"] = Strings(incident.Users);
        }

        if (hashes.Count > 0)
        {
            related["hash"] = Strings(hashes);
        }

        return related;
    }

    private static bool IsType(IncidentIoc ioc, IocType type) =>
        IocTypeNames.TryParse(ioc.Type, out var parsed) && parsed == type;

    private static void CopyIfAny(JsonNode document, JsonObject target, string name, int count)
    {
        if (count > 0)
        {
            target[name] = document[name]!.DeepClone();
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    /// <summary>UTC with milliseconds: the precision of a <c>date</c> field, the same text on every machine.</summary>
    internal static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
