using Confluent.Kafka;
using Llama3Siem.Sinks.DeadLetters;
using Llama3Siem.Sinks.Tests.Support;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Llama3Siem.Sinks.Tests.DeadLetters;

public sealed class RoutedDeadLetterSinkTests : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 5, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<RoutedDeadLetterSink> _logger = new();
    private readonly DeadLetterMetrics _metrics = new();
    private readonly ScriptedTopic _topic = new();
    private readonly JsonlFileDeadLetterSink _file;
    private readonly RoutedDeadLetterSink _sink;

    public RoutedDeadLetterSinkTests()
    {
        _file = new JsonlFileDeadLetterSink(_directory.File("dead-letters.jsonl"));
        _sink = new RoutedDeadLetterSink(_topic, _file, _logger, _clock, _metrics);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        _metrics.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_letter_the_topic_takes_does_not_touch_the_file()
    {
        await _sink.WriteAsync(Letter(1), Cancel);

        Assert.Equal(1, _topic.Written);
        Assert.False(File.Exists(_file.FilePath));
    }

    [Fact]
    public async Task A_letter_the_topic_refuses_for_good_goes_to_the_file_with_the_reason_and_is_counted()
    {
        using var fallbacks = new MetricCollector<long>(_metrics.Meter, DeadLetterMetrics.FallbackInstrument);
        _topic.Refusal = TopicRefusal.NotAuthorized;

        await _sink.WriteAsync(Letter(1), Cancel);

        var written = Assert.Single(JsonlFileDeadLetterSink.ReadAll(_file.FilePath));
        Assert.Equal("dead-letter topic refused it: topic authorization failed", written.DestinationError);
        var measurement = Assert.Single(fallbacks.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal("not_authorized", measurement.Tags["reason"]);
    }

    [Fact]
    public async Task Transient_failures_reach_the_caller_and_nothing_goes_to_the_file()
    {
        _topic.Transient = true;

        await Assert.ThrowsAsync<ProduceException<string?, byte[]>>(() => _sink.WriteAsync(Letter(1), Cancel));

        Assert.False(File.Exists(_file.FilePath));
    }

    [Fact]
    public async Task After_the_topic_refuses_every_letter_it_is_not_asked_again_until_the_pause_is_over()
    {
        _topic.Refusal = TopicRefusal.UnknownTopic;
        await _sink.WriteAsync(Letter(1), Cancel);
        await _sink.WriteAsync(Letter(2), Cancel);
        Assert.Equal(1, _topic.Asked);

        _topic.Refusal = null;
        _clock.Advance(RoutedDeadLetterSink.DefaultRetryTopicAfter);
        await _sink.WriteAsync(Letter(3), Cancel);

        Assert.Equal(2, _topic.Asked);
        Assert.Equal(1, _topic.Written);
        Assert.Equal([1, 2], JsonlFileDeadLetterSink.ReadAll(_file.FilePath).Select(l => l.Offset!.Value));
    }

    [Fact]
    public async Task A_too_large_refusal_is_about_one_letter_and_the_next_one_asks_the_topic()
    {
        _topic.Refusal = TopicRefusal.TooLarge;
        await _sink.WriteAsync(Letter(1), Cancel);
        _topic.Refusal = null;

        await _sink.WriteAsync(Letter(2), Cancel);

        Assert.Equal(2, _topic.Asked);
        Assert.Equal(1, _topic.Written);
    }

    [Fact]
    public async Task The_error_log_says_so_once_a_minute_per_reason_with_a_count()
    {
        _topic.Refusal = TopicRefusal.TooLarge;
        for (var offset = 0; offset < 5; offset++)
        {
            await _sink.WriteAsync(Letter(offset), Cancel);
        }

        _clock.Advance(TimeSpan.FromSeconds(30));
        await _sink.WriteAsync(Letter(5), Cancel);
        _clock.Advance(TimeSpan.FromSeconds(31));
        await _sink.WriteAsync(Letter(6), Cancel);

        var errors = _logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Error).Select(r => r.Message).ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("1 dead letters went to the local file", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("6 dead letters went to the local file", errors[1], StringComparison.Ordinal);
        Assert.All(errors, e => Assert.Contains("too large", e, StringComparison.Ordinal));
    }

    private static DeadLetter Letter(long offset) => DeadLetterJsonTests.Letter([1, 2, 3]) with { Offset = offset };

    /// <summary>A topic that takes letters, refuses them for good, or fails for now, as the test says.</summary>
    private sealed class ScriptedTopic : IDeadLetterSink
    {
        public TopicRefusal? Refusal { get; set; }

        public bool Transient { get; set; }

        public int Asked { get; private set; }

        public int Written { get; private set; }

        public Task WriteAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
        {
            Asked++;
            if (Transient)
            {
                throw new ProduceException<string?, byte[]>(new Error(ErrorCode.Local_MsgTimedOut), new DeliveryResult<string?, byte[]>());
            }

            if (Refusal is { } refusal)
            {
                throw new DeadLetterRefusedException(refusal, "Dead-letter topic test");
            }

            Written++;
            return Task.CompletedTask;
        }
    }
}
