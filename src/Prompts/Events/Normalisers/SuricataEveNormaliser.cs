namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// Suricata EVE records: alerts, and the dns/http/tls/flow/... records that share their layout. The Host is
/// the sensor that saw the traffic (EVE's "host"); the endpoints are the addresses. EVE has no free text,
/// so the message is composed from the alert and application-layer fields, each named.
/// </summary>
internal sealed class SuricataEveNormaliser : IEventNormaliser
{
    public string Format => EventFormats.SuricataEve;

    public bool Recognises(FlattenedRecord record) =>
        record.Has("event_type") && record.HasAny("src_ip", "dest_ip", "flow_id");

    public NormalisedEvent? Normalise(FlattenedRecord record)
    {
        var eventType = record.Text("event_type");
        return new NormalisedEvent
        {
            Timestamp = EventTimestamps.First(record.Text("timestamp"), record.Text("@timestamp")),
            Host = record.FirstText("host", "host.name", "sensor_name"),
            SourceAddress = NetworkAddresses.Address(record.Text("src_ip")),
            SourcePort = NetworkAddresses.Port(record.Text("src_port")),
            DestinationAddress = NetworkAddresses.Address(record.Text("dest_ip")),
            DestinationPort = NetworkAddresses.Port(record.Text("dest_port")),
            RuleName = record.Text("alert.signature") ?? (eventType is null ? null : $"Suricata {eventType}"),
            Action = eventType,
            Message = Summary(record),
        };
    }

    private static string? Summary(FlattenedRecord record)
    {
        var parts = new List<string>();
        Add(parts, "category", record.Text("alert.category"));
        Add(parts, "severity", record.Text("alert.severity"));
        Add(parts, "action", record.Text("alert.action"));
        Add(parts, "signature id", record.Text("alert.signature_id"));
        Add(parts, "protocol", record.Text("proto"));
        Add(parts, "app protocol", record.Text("app_proto"));
        Add(parts, "http host", record.Text("http.hostname"));
        Add(parts, "http url", record.Text("http.url"));
        Add(parts, "dns query", record.FirstText("dns.rrname", "dns.queries.0.rrname"));
        Add(parts, "tls sni", record.Text("tls.sni"));
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static void Add(List<string> parts, string label, string? value)
    {
        if (value is not null)
        {
            parts.Add($"{label}: {value}");
        }
    }
}
