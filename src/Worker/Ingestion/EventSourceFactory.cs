using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Ingestion.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Ingestion;

/// <summary>Creates the source that <c>Source:Kind</c> names; each run gets its own.</summary>
internal sealed class EventSourceFactory(IOptions<SourceOptions> source, IOptions<KafkaOptions> kafka, ILoggerFactory loggers)
{
    public IEventSource Create() => source.Value.Kind switch
    {
        SourceKinds.Kafka => new KafkaEventSource(kafka.Value, loggers.CreateLogger<KafkaEventSource>()),
        _ => new JsonLinesFileSource(source.Value.File.Path),
    };

    /// <summary>How long a stopping run may spend finishing what it holds.</summary>
    public TimeSpan DrainTimeout => source.Value.Kind == SourceKinds.Kafka ? kafka.Value.ShutdownTimeout : Timeout.InfiniteTimeSpan;
}
