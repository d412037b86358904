using Llama3Siem.Prompts.Events.Normalisers;

namespace Llama3Siem.Prompts.Tests.Events;

public sealed class EventTimestampsTests
{
    [Theory]
    [InlineData("2020-10-18 07:50:06.220", "2020-10-18T07:50:06.2200000+00:00")]
    [InlineData("2024-03-01T10:15:02.123456+0000", "2024-03-01T10:15:02.1234560+00:00")]
    [InlineData("2024-03-01T12:15:02+02:00", "2024-03-01T10:15:02.0000000+00:00")]
    [InlineData("2024-03-01T10:15:02.123456789Z", "2024-03-01T10:15:02.1234567+00:00")]
    [InlineData("2024-03-01T10:15:02,5Z", "2024-03-01T10:15:02.5000000+00:00")]
    [InlineData("2024-03-01", "2024-03-01T00:00:00.0000000+00:00")]
    [InlineData("Fri, 01 Mar 2024 10:15:02 GMT", "2024-03-01T10:15:02.0000000+00:00")]
    [InlineData("1709288102", "2024-03-01T10:15:02.0000000+00:00")]
    [InlineData("1709288102500", "2024-03-01T10:15:02.5000000+00:00")]
    public void Security_tool_time_formats_read_as_utc(string text, string expected)
    {
        Assert.True(EventTimestamps.TryParse(text, out var parsed));
        Assert.Equal(expected, parsed.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("1/2")]
    [InlineData("12")]
    [InlineData("yesterday")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("42")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public void Texts_that_are_not_plainly_times_are_refused(string text)
    {
        Assert.False(EventTimestamps.TryParse(text, out _));
    }
}
