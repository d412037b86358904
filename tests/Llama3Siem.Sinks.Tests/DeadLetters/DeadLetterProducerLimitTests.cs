using Llama3Siem.Sinks.DeadLetters;

namespace Llama3Siem.Sinks.Tests.DeadLetters;

public sealed class DeadLetterProducerLimitTests
{
    private static readonly Dictionary<string, string> None = [];

    [Fact]
    public void Without_settings_the_limit_holds_a_whole_letter_of_the_largest_record_the_consumer_fetches_by_default()
    {
        var limit = DeadLetterProducerLimit.From(None, None);

        Assert.False(limit.IsExplicit);
        Assert.Equal(1_048_576, limit.ConsumerRecordBytes);
        Assert.Equal((1_048_576 * 4 / 3) + 3 + 65_536, limit.Bytes);
        Assert.False(limit.TruncatesReadableRecords);
    }

    [Theory]
    [InlineData("max.partition.fetch.bytes", "4194304", 4_194_304)]
    [InlineData("fetch.max.bytes", "8388608", 8_388_608)]
    [InlineData("fetch.max.bytes", "1000", 1_048_576)]
    public void The_limit_follows_the_larger_of_the_consumers_fetch_sizes(string property, string value, long record)
    {
        var limit = DeadLetterProducerLimit.From(new Dictionary<string, string> { [property] = value }, None);

        Assert.Equal(record, limit.ConsumerRecordBytes);
        Assert.Equal((record * 4 / 3) + 3 + 65_536, limit.Bytes);
    }

    [Fact]
    public void The_derived_limit_stops_at_librdkafkas_maximum()
    {
        var limit = DeadLetterProducerLimit.From(new Dictionary<string, string> { ["fetch.max.bytes"] = "2000000000" }, None);

        Assert.Equal(1_000_000_000, limit.Bytes);
    }

    [Fact]
    public void A_producer_only_setting_wins_and_below_the_consumer_it_is_flagged_as_truncating()
    {
        var shared = new Dictionary<string, string> { ["message.max.bytes"] = "9000000", ["max.partition.fetch.bytes"] = "4194304" };

        var limit = DeadLetterProducerLimit.From(shared, new Dictionary<string, string> { ["message.max.bytes"] = "1000000" });

        Assert.True(limit.IsExplicit);
        Assert.Equal(1_000_000, limit.Bytes);
        Assert.True(limit.TruncatesReadableRecords);
    }

    [Fact]
    public void A_size_that_is_not_a_number_names_the_property()
    {
        var error = Assert.Throws<ArgumentException>(() => DeadLetterProducerLimit.From(new Dictionary<string, string> { ["fetch.max.bytes"] = "lots" }, None));

        Assert.Contains("fetch.max.bytes", error.Message, StringComparison.Ordinal);
    }
}
