using Llama3Siem.Sinks.DeadLetters;
using Llama3Siem.Worker.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Hosting;

/// <summary>
/// Builds the dead-letter sinks from the options: the local file always (bounded and rotated), and with
/// <c>Kafka:DeadLetterTopic</c> the topic in front of it, the file taking what the topic refuses for good.
/// </summary>
internal static partial class DeadLetterDestinations
{
    public static IServiceCollection AddDeadLetterDestinations(this IServiceCollection services)
    {
        services.AddSingleton<DeadLetterMetrics>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DeadLetterOptions>>().Value;
            return new JsonlFileDeadLetterSink(
                options.Path,
                new DeadLetterFileLimits(options.MaxFileBytes, options.MaxFiles),
                sp.GetRequiredService<ILogger<JsonlFileDeadLetterSink>>(),
                sp.GetRequiredService<DeadLetterMetrics>());
        });
        services.AddSingleton(sp =>
        {
            var kafka = sp.GetRequiredService<IOptions<KafkaOptions>>().Value;
            var logger = sp.GetRequiredService<ILogger<KafkaDeadLetterSink>>();
            var sink = new KafkaDeadLetterSink(
                new KafkaDeadLetterSinkOptions
                {
                    BootstrapServers = kafka.BootstrapServers!,
                    Topic = kafka.DeadLetterTopic!,
                    Properties = kafka.Properties,
                    ProducerProperties = kafka.DeadLetterProperties,
                },
                logger,
                sp.GetRequiredService<DeadLetterMetrics>());
            if (sink.Limit.TruncatesReadableRecords)
            {
                LogProducerLimitBelowConsumer(logger, sink.Limit.Bytes, sink.Limit.ConsumerRecordBytes, sink.Limit.NeededBytes);
            }

            return sink;
        });
        services.AddSingleton<IDeadLetterSink>(sp =>
        {
            var kafka = sp.GetRequiredService<IOptions<KafkaOptions>>().Value;
            var file = sp.GetRequiredService<JsonlFileDeadLetterSink>();
            return sp.GetRequiredService<IOptions<SourceOptions>>().Value.Kind == SourceKinds.Kafka && !string.IsNullOrWhiteSpace(kafka.DeadLetterTopic)
                ? new RoutedDeadLetterSink(
                    sp.GetRequiredService<KafkaDeadLetterSink>(),
                    file,
                    sp.GetRequiredService<ILogger<RoutedDeadLetterSink>>(),
                    sp.GetService<TimeProvider>() ?? TimeProvider.System,
                    sp.GetRequiredService<DeadLetterMetrics>())
                : file;
        });
        return services;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka:DeadLetterProperties:message.max.bytes (or Kafka:Properties:message.max.bytes) is {Bytes} bytes, below what the consumer can receive (Kafka:Properties:max.partition.fetch.bytes / fetch.max.bytes: {RecordBytes} bytes a record, {NeededBytes} bytes as a letter): dead letters of larger records will be truncated")]
    private static partial void LogProducerLimitBelowConsumer(ILogger logger, int bytes, long recordBytes, long neededBytes);
}
