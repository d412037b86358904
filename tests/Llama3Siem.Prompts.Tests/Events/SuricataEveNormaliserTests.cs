using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Events.EventParsing;

namespace Llama3Siem.Prompts.Tests.Events;

public sealed class SuricataEveNormaliserTests
{
    [Fact]
    public void An_alert_maps_endpoints_signature_sensor_and_a_labelled_summary()
    {
        var e = Parsed("""
            {"timestamp":"2026-03-02T10:15:02.123456+0000","flow_id":1234567890123456,"in_iface":"eth1","event_type":"alert",
             "src_ip":"10.20.1.57","src_port":51544,"dest_ip":"185.199.45.12","dest_port":443,"proto":"TCP","app_proto":"tls",
             "alert":{"action":"allowed","gid":1,"signature_id":9100021,"rev":2,"signature":"ACME-LOCAL Possible C2 beacon over TLS","category":"A Network Trojan was detected","severity":1},
             "tls":{"sni":"update-cdn-check.xyz","version":"TLS 1.2"},"host":"ids-dmz-01"}
            """);

        Assert.Equal(EventFormats.SuricataEve, e.Format);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 15, 2, TimeSpan.Zero).AddTicks(1234560), e.Timestamp);
        Assert.Equal("ids-dmz-01", e.Host);
        Assert.Equal(("10.20.1.57", 51544, "185.199.45.12", 443), (e.SourceAddress, e.SourcePort, e.DestinationAddress, e.DestinationPort));
        Assert.Equal("ACME-LOCAL Possible C2 beacon over TLS", e.RuleName);
        Assert.Equal("alert", e.Action);
        Assert.Equal("category: A Network Trojan was detected; severity: 1; action: allowed; signature id: 9100021; protocol: TCP; app protocol: tls; tls sni: update-cdn-check.xyz", e.Message);
        Assert.Equal("1234567890123456", e.Fields["flow_id"]);
        Assert.Equal(EventParser.ContentId(System.Text.Encoding.UTF8.GetBytes("x")).Length, e.Id.Length);
    }

    [Fact]
    public void Dns_and_http_records_normalise_too()
    {
        var dns = Parsed("""{"timestamp":"2026-03-02T10:14:58.000001+0000","event_type":"dns","src_ip":"10.20.1.57","src_port":53011,"dest_ip":"10.20.0.10","dest_port":53,"proto":"UDP","dns":{"type":"query","rrname":"update-cdn-check.xyz","rrtype":"A"}}""");
        var http = Parsed("""{"timestamp":"2026-03-02T10:15:00.000000+0000","event_type":"http","src_ip":"10.20.1.57","dest_ip":"185.199.45.12","dest_port":80,"proto":"TCP","http":{"hostname":"update-cdn-check.xyz","url":"/a.ps1","http_method":"GET"}}""");

        Assert.Equal("Suricata dns", dns.RuleName);
        Assert.Equal("dns", dns.Action);
        Assert.Equal("protocol: UDP; dns query: update-cdn-check.xyz", dns.Message);
        Assert.Equal("protocol: TCP; http host: update-cdn-check.xyz; http url: /a.ps1", http.Message);
        Assert.Null(http.SourcePort);
    }
}
