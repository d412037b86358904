using System.Security.Cryptography;
using System.Text.Json;
using Llama3Siem.Sinks.DeadLetters;

namespace Llama3Siem.Sinks.Tests.DeadLetters;

public sealed class DeadLetterJsonTests
{
    [Fact]
    public void A_letter_that_fits_is_whole_and_carries_the_size_and_hash_of_its_original()
    {
        var original = RandomBytes(10_000);

        var fitted = DeadLetterJson.Fit(Letter(original), 1_000_000);

        Assert.False(fitted.Letter.OriginalTruncated);
        Assert.Equal(original, Convert.FromBase64String(fitted.Letter.OriginalBase64));
        Assert.Equal(original.Length, fitted.Letter.OriginalSize);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), fitted.Letter.OriginalSha256);
        using var json = JsonDocument.Parse(fitted.Json);
        Assert.False(json.RootElement.TryGetProperty("original_truncated", out _));
    }

    [Theory]
    [InlineData(1_153_434, 1_000_000)]
    [InlineData(1_153_434, 65_536)]
    [InlineData(5_000, 2_001)]
    [InlineData(5_000, 2_002)]
    [InlineData(5_000, 2_003)]
    [InlineData(5_000, 2_004)]
    public void A_letter_over_the_limit_keeps_the_first_bytes_that_fit_and_describes_the_whole_original(int size, int limit)
    {
        var original = RandomBytes(size);

        var fitted = DeadLetterJson.Fit(Letter(original), limit);

        Assert.True(fitted.Json.Length <= limit, $"{fitted.Json.Length} bytes over the limit of {limit}");
        // Base64 goes in steps of 4 characters for 3 bytes: anything more would not have fitted.
        Assert.True(fitted.Json.Length > limit - 4, $"{fitted.Json.Length} bytes leaves room under {limit}");
        Assert.True(fitted.Letter.OriginalTruncated);
        var kept = Convert.FromBase64String(fitted.Letter.OriginalBase64);
        Assert.Equal(original.AsSpan(0, kept.Length).ToArray(), kept);
        Assert.Equal(size, fitted.Letter.OriginalSize);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), fitted.Letter.OriginalSha256);

        using var json = JsonDocument.Parse(fitted.Json);
        Assert.True(json.RootElement.GetProperty("original_truncated").GetBoolean());
        Assert.Equal(size, json.RootElement.GetProperty("original_size").GetInt64());
    }

    [Fact]
    public void Base64_plus_and_slash_are_one_byte_each_so_sizes_follow_the_original()
    {
        // 0xFB 0xFF 0xBF encodes as "+/+/": the default encoder would write each '+' as six characters.
        var original = Enumerable.Repeat(new byte[] { 0xFB, 0xFF, 0xBF }, 1000).SelectMany(b => b).ToArray();

        var json = DeadLetterJson.Serialize(Letter(original));

        Assert.Contains("\"+/+/+/+/", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Size_and_hash_the_writer_already_gave_are_kept()
    {
        var letter = Letter([1, 2, 3]) with { OriginalSize = 1_000_000, OriginalSha256 = "given", OriginalTruncated = true };

        Assert.Same(letter, DeadLetterJson.WithOriginalFacts(letter));
    }

    [Fact]
    public void Kafka_records_are_keyed_by_topic_partition_and_offset_and_others_have_no_key()
    {
        Assert.Equal("events/3/1234567890123", (Letter([1]) with { Source = "events", Partition = 3, Offset = 1_234_567_890_123 }).Key);
        Assert.Null((Letter([1]) with { Source = "/var/log/x.jsonl", Line = 4, Partition = null, Offset = null }).Key);
    }

    internal static DeadLetter Letter(byte[] original) => new()
    {
        Reason = "not JSON",
        Source = "events",
        Partition = 0,
        Offset = 42,
        OriginalBase64 = Convert.ToBase64String(original),
        DeadLetteredAt = new DateTimeOffset(2026, 5, 2, 13, 45, 7, TimeSpan.Zero),
    };

    internal static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }
}
