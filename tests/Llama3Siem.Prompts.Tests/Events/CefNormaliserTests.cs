using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Events.EventParsing;

namespace Llama3Siem.Prompts.Tests.Events;

public sealed class CefNormaliserTests
{
    [Fact]
    public void Extension_fields_map_to_addresses_ports_users_host_action_and_time()
    {
        var e = Parsed("CEF:0|Acme Lab|EdgeWall|4.2|100310|Outbound to a listed address|8|src=192.0.2.44 spt=51544 dst=203.0.113.80 dpt=443 suser=k.ito shost=WS-LAB-04 dvchost=fw-lab-01 act=allowed rt=1778746441250 msg=Destination is on the watch list");

        Assert.Equal(EventFormats.Cef, e.Format);
        Assert.Equal(("192.0.2.44", 51544, "203.0.113.80", 443), (e.SourceAddress, e.SourcePort, e.DestinationAddress, e.DestinationPort));
        Assert.Equal(("k.ito", "WS-LAB-04", "allowed"), (e.User, e.Host, e.Action));
        Assert.Equal("Outbound to a listed address", e.RuleName);
        Assert.Equal("Destination is on the watch list", e.Message);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1778746441250), e.Timestamp);
        Assert.Equal(("Acme Lab", "8", "fw-lab-01"), (e.Fields["cef.device_vendor"], e.Fields["cef.severity"], e.Fields["cef.extensions.dvchost"]));
    }

    [Fact]
    public void Header_and_extension_escapes_are_undone_and_values_keep_their_spaces()
    {
        var e = Parsed(@"CEF:0|Acme\|Lab|Web\\Guard|2.0|W-1|SQL injection|9|request=https://web.example/s?q\=1' OR '1'\='1 msg=line one\nline two cs1Label=Policy name cs1=a=b");

        Assert.Equal("Acme|Lab", e.Fields["cef.device_vendor"]);
        Assert.Equal("Web\\Guard", e.Fields["cef.device_product"]);
        Assert.Equal("https://web.example/s?q=1' OR '1'='1", e.Fields["cef.extensions.request"]);
        Assert.Equal("line one\nline two https://web.example/s?q=1' OR '1'='1", e.Message);
        Assert.Equal("Policy name", e.Fields["cef.extensions.cs1Label"]);
        Assert.Equal("a=b", e.Fields["cef.extensions.cs1"]);
    }

    [Fact]
    public void Cef_after_a_syslog_header_takes_the_header_host_and_time_when_it_has_none()
    {
        var e = Parsed("<134>May 14 08:14:02 fw-lab-01 CEF:0|Acme Lab|EdgeWall|4.2|100200|Blocked inbound RDP|7|src=198.51.100.23 dpt=3389 act=blocked");

        Assert.Equal(EventFormats.Cef, e.Format);
        Assert.Equal("fw-lab-01", e.Host);
        Assert.Equal(new DateTimeOffset(2026, 5, 14, 8, 14, 2, TimeSpan.Zero), e.Timestamp);
        Assert.Equal("local0", e.Fields["log.syslog.facility.name"]);
    }

    [Theory]
    [InlineData("rt=May 14 2026 08:14:01.250 UTC", 250)]
    [InlineData("rt=May 14 2026 08:14:01", 0)]
    [InlineData("rt=May 14 2026 10:14:01 +02:00", 0)]
    public void Receipt_time_as_date_text_is_read(string extension, int milliseconds)
    {
        var e = Parsed($"CEF:0|V|P|1|S|N|3|{extension} msg=x");

        Assert.Equal(new DateTimeOffset(2026, 5, 14, 8, 14, 1, milliseconds, TimeSpan.Zero), e.Timestamp);
    }

    [Fact]
    public void Cef_in_a_json_message_uses_the_wrapper_time_and_host()
    {
        var e = Parsed("""{"@timestamp":"2026-05-14T08:14:03Z","host":"relay-lab-01","message":"CEF:0|Acme Lab|EdgeWall|4.2|100200|Blocked inbound RDP|7|src=198.51.100.23 act=blocked"}""");

        Assert.Equal(EventFormats.Cef, e.Format);
        Assert.Equal(new DateTimeOffset(2026, 5, 14, 8, 14, 3, TimeSpan.Zero), e.Timestamp);
        Assert.Equal("relay-lab-01", e.Host);
    }

    [Fact]
    public void A_cut_off_cef_header_is_not_cef()
    {
        Assert.Equal("not JSON: invalid syntax at byte 0", Rejection("CEF:0|Acme Lab|EdgeWall|4.2"));
    }
}
