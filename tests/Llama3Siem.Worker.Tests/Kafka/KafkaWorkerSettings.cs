namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>The worker's settings for a test topic on the test broker: fast windows, SQLite store, quiet logs.</summary>
internal static class KafkaWorkerSettings
{
    public static List<string> For(KafkaBroker broker, string topic, string database, string group, string deadLetterFile, string? deadLetterTopic = null)
    {
        var settings = new List<string>
        {
            "--Source:Kind=kafka",
            $"--Kafka:BootstrapServers={broker.BootstrapServers}",
            $"--Kafka:Topics:0={topic}",
            $"--Kafka:GroupId={group}",
            "--Kafka:Properties:session.timeout.ms=10000",
            "--Kafka:Properties:max.partition.fetch.bytes=4194304",
            "--Kafka:Properties:message.max.bytes=4194304",
            $"--Store:Sqlite:Path={database}",
            $"--DeadLetters:Path={deadLetterFile}",
            "--Correlation:Window=00:00:02",
            "--Correlation:IdleTimeout=00:00:01",
            "--Batching:MaxAge=00:00:00.200",
            "--Logging:LogLevel:Default=Warning",
        };
        settings.AddRange(broker.ClientProperties.Select(p => $"--Kafka:Properties:{p.Key}={p.Value}"));
        if (deadLetterTopic is not null)
        {
            settings.Add($"--Kafka:DeadLetterTopic={deadLetterTopic}");
        }

        return settings;
    }
}
