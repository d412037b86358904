using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>
/// A real Kafka broker for the test class that uses it as a class fixture: the bundled Apache Kafka 0.9.0.1
/// (scripts/kafka-test-broker.sh, fresh and empty, 1-3 s to start), or the broker that
/// <c>KAFKA_BOOTSTRAP_SERVERS</c> names, shared and left running. Tests that touch it are skipped, not failed,
/// where neither Java nor an existing broker is available.
/// </summary>
public class KafkaBroker : IAsyncLifetime
{
    /// <summary>Points the tests at an existing broker (e.g. <c>localhost:9092</c>) instead of starting one.</summary>
    public const string BootstrapServersVariable = "KAFKA_BOOTSTRAP_SERVERS";

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    // The first fixture on a fresh machine downloads the broker; the others wait instead of racing npm.
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    // librdkafka against 0.9: it cannot ask the broker for its API versions (0.10+), so it is told the version;
    // and a non-empty rack avoids a buffer bug in librdkafka 2.16 when it parses the old metadata format.
    private static readonly Dictionary<string, string> LegacyBrokerProperties = new()
    {
        ["api.version.request"] = "false",
        ["broker.version.fallback"] = "0.9.0",
        ["client.rack"] = "tests",
    };

    // Creates topics on a 0.9 broker: the one this fixture started, or one started by hand with the script.
    private KafkaBrokerScript? _script;
    private bool _ownsBroker;
    private bool _isLegacyBroker;
    private string? _bootstrapServers;
    private string? _unavailableReason;
    private readonly string? _serverProperties;

    public KafkaBroker()
        : this(null)
    {
    }

    /// <param name="serverProperties">Lines for the broker's server.properties (KAFKA_EXTRA_PROPS), which win over the script's.</param>
    protected KafkaBroker(string? serverProperties)
    {
        _serverProperties = serverProperties;
    }

    /// <summary>host:port of the broker. Skips the calling test when no broker could be had.</summary>
    public string BootstrapServers
    {
        get
        {
            SkipWhenUnavailable();
            return _bootstrapServers!;
        }
    }

    /// <summary>
    /// True for a Kafka 0.9 broker (the bundled one, or an external one that does not answer ApiVersions): no
    /// headers, timestamps, transactions or topic admin API.
    /// </summary>
    public bool IsLegacyBroker
    {
        get
        {
            SkipWhenUnavailable();
            return _isLegacyBroker;
        }
    }

    /// <summary>From running the script's start to the broker answering metadata; zero for an external broker.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>
    /// librdkafka properties every client of this broker needs, as the worker's configuration would carry them
    /// (empty for an external broker).
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientProperties =>
        _isLegacyBroker ? LegacyBrokerProperties : new Dictionary<string, string>();

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(BootstrapServersVariable);
        if (!string.IsNullOrWhiteSpace(external) && _serverProperties is not null)
        {
            _unavailableReason = $"These tests need a broker started with their own settings ({_serverProperties.ReplaceLineEndings(", ")}), not {BootstrapServersVariable}.";
            return;
        }

        if (!string.IsNullOrWhiteSpace(external))
        {
            _bootstrapServers = external.Trim();
            _isLegacyBroker = !await BrokerProtocolProbe.AnswersApiVersionsAsync(_bootstrapServers, ClientTimeout);
            if (_isLegacyBroker && KafkaBrokerScript.Find() is { } scriptPath)
            {
                // Most likely `scripts/kafka-test-broker.sh start` run by hand: its state folder knows ZooKeeper.
                var state = Environment.GetEnvironmentVariable("KAFKA_STATE_DIR") is { Length: > 0 } configured
                    ? configured
                    : Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(scriptPath))!, ".kafka", "state");
                _script = new KafkaBrokerScript(scriptPath, state);
            }

            return;
        }

        _unavailableReason = FindMissingPrerequisite();
        if (_unavailableReason is not null)
        {
            return;
        }

        var script = new KafkaBrokerScript(
            KafkaBrokerScript.Find()!,
            Path.Combine(Path.GetTempPath(), "l3s-kafka-" + Guid.NewGuid().ToString("N")),
            _serverProperties);
        await InstallLock.WaitAsync();
        try
        {
            await script.RunAsync(ScriptTimeout, "install");
        }
        catch (InvalidOperationException) when (KafkaBrokerScript.FindOnPath("npm") is null)
        {
            _unavailableReason = "The Kafka test broker is not installed and npm is not on PATH to install it " +
                $"(scripts/kafka-test-broker.sh install), and {BootstrapServersVariable} is not set.";
            return;
        }
        finally
        {
            InstallLock.Release();
        }

        var started = Stopwatch.StartNew();
        _script = script;
        _ownsBroker = true;
        _isLegacyBroker = true;
        try
        {
            _bootstrapServers = await script.RunAsync(ScriptTimeout, "start");
            await script.RunAsync(ScriptTimeout, "wait", "60");
        }
        catch
        {
            // Half-started servers would outlive the test run; the state folder keeps the logs for the error.
            await script.RunAsync(ScriptTimeout, "stop", "--now");
            _ownsBroker = false;
            throw;
        }

        StartupTime = started.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_script is null || !_ownsBroker)
        {
            return;
        }

        // Nothing is kept, so there is no point in a graceful shutdown.
        await _script.RunAsync(ScriptTimeout, "stop", "--now");
        Directory.Delete(_script.StateDirectory, recursive: true);
    }

    /// <summary>A topic name no other test (or earlier run against a shared broker) uses.</summary>
    public static string NewTopicName(string purpose) => $"{purpose}-{Guid.NewGuid():N}";

    /// <summary>Creates a topic and waits until every partition has a leader, so that the first produce succeeds.</summary>
    public async Task CreateTopicAsync(string name, int partitions = 1)
    {
        SkipWhenUnavailable();
        if (_isLegacyBroker)
        {
            // The 0.9 broker has no CreateTopics request: the script writes the topic into ZooKeeper.
            var script = _script ?? throw new InvalidOperationException(
                "Creating a topic on an external 0.9 broker needs the state folder of the script that started it (KAFKA_STATE_DIR).");
            await script.RunAsync(ScriptTimeout, "topic", name, partitions.ToString());
        }
        else
        {
            using var admin = new AdminClientBuilder(AdminConfig()).Build();
            await admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = -1 }]);
        }

        await WaitForLeadersAsync(name, partitions);
    }

    /// <summary>
    /// Denies every client Write on <paramref name="topic"/> (a broker with the authorizer, <see cref="AclKafkaBroker"/>)
    /// and waits until the broker applies it: its metadata then answers TopicAuthorizationFailed.
    /// </summary>
    public async Task DenyWriteAsync(string topic)
    {
        SkipWhenUnavailable();
        var script = _script ?? throw new InvalidOperationException("Only a broker started by the script can be given ACLs.");
        await script.RunAsync(ScriptTimeout, "acl-deny-write", topic);
        using var admin = new AdminClientBuilder(AdminConfig()).Build();
        var deadline = DateTime.UtcNow + ClientTimeout;
        while (admin.GetMetadata(topic, ClientTimeout).Topics.Single().Error.Code != ErrorCode.TopicAuthorizationFailed)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The broker did not apply the ACL on {topic} within {ClientTimeout.TotalSeconds:0} s");
            await Task.Delay(50);
        }
    }

    public ProducerConfig ProducerConfig() => new(ClientPropertiesCopy())
    {
        BootstrapServers = BootstrapServers,
        LingerMs = 5,
    };

    /// <summary>A consumer of <paramref name="groupId"/> from the earliest offset, with a session timeout the broker accepts.</summary>
    public ConsumerConfig ConsumerConfig(string groupId) => new(ClientPropertiesCopy())
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        // 0.9's default group.max.session.timeout.ms is 30 s; the script raises it, an external broker may not.
        SessionTimeoutMs = 10_000,
    };

    public AdminClientConfig AdminConfig() => new(ClientPropertiesCopy()) { BootstrapServers = BootstrapServers };

    /// <summary>
    /// Produces one message per line and returns once all are acknowledged; any failure throws. Without
    /// <paramref name="keyOf"/> messages have no key, and librdkafka's sticky partitioner puts runs of them
    /// into one partition; give keys to spread them.
    /// </summary>
    public int ProduceJsonLines(string topic, IEnumerable<string> jsonLines, Func<string, string>? keyOf = null)
    {
        ArgumentNullException.ThrowIfNull(jsonLines);
        using var producer = new ProducerBuilder<string, string>(ProducerConfig()).Build();
        var produced = 0;
        var failed = 0;
        Error? firstError = null;
        void OnDelivered(DeliveryReport<string, string> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, report.Error, null);
            }
        }

        foreach (var line in jsonLines)
        {
            // The UTF-8 serializer sends a null key as no key.
            var message = new Message<string, string> { Key = keyOf?.Invoke(line)!, Value = line };
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, OnDelivered);
                    break;
                }
                catch (ProduceException<string, string> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }

            produced++;
        }

        if (producer.Flush(ClientTimeout) > 0)
        {
            throw new TimeoutException($"Messages to {topic} were not acknowledged within {ClientTimeout.TotalSeconds:0} s");
        }

        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {produced} messages to {topic} failed: {firstError}");
        }

        return produced;
    }

    /// <summary>
    /// Everything in <paramref name="topic"/> at the time of the call, ordered by partition and offset (e.g. a
    /// dead-letter topic after a run). Reads without a consumer group, so it commits nothing.
    /// </summary>
    public IReadOnlyList<TopicRecord> ReadTopic(string topic, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? ClientTimeout);
        var partitions = PartitionsOf(topic).Select(p => new TopicPartition(topic, p)).ToList();
        var config = ConsumerConfig("read-" + Guid.NewGuid().ToString("N"));
        config.EnableAutoCommit = false;
        using var consumer = new ConsumerBuilder<byte[], string>(config).Build();
        var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, ClientTimeout).High.Value);
        var unfinished = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));

        var records = new List<TopicRecord>();
        while (unfinished.Count > 0)
        {
            var left = deadline - DateTime.UtcNow;
            var result = left > TimeSpan.Zero ? consumer.Consume(left) : null;
            if (result is null)
            {
                throw new TimeoutException($"Read {records.Count} messages of {topic}, not all of {ends.Values.Sum()} in time");
            }

            var partition = result.Partition.Value;
            var key = result.Message.Key is null ? null : System.Text.Encoding.UTF8.GetString(result.Message.Key);
            records.Add(new TopicRecord(partition, result.Offset.Value, key, result.Message.Value));
            if (result.Offset.Value + 1 >= ends[partition])
            {
                unfinished.Remove(partition);
            }
        }

        consumer.Close();
        return [.. records.OrderBy(r => r.Partition).ThenBy(r => r.Offset)];
    }

    private List<int> PartitionsOf(string topic)
    {
        using var admin = new AdminClientBuilder(AdminConfig()).Build();
        var metadata = admin.GetMetadata(topic, ClientTimeout).Topics.Single();
        if (metadata.Error.IsError)
        {
            throw new InvalidOperationException($"No metadata for topic {topic}: {metadata.Error}");
        }

        return [.. metadata.Partitions.Select(p => p.PartitionId)];
    }

    private async Task WaitForLeadersAsync(string topic, int partitions)
    {
        using var admin = new AdminClientBuilder(AdminConfig()).Build();
        var deadline = DateTime.UtcNow + ClientTimeout;
        while (true)
        {
            var metadata = admin.GetMetadata(topic, ClientTimeout).Topics.Single();
            if (!metadata.Error.IsError && metadata.Partitions.Count == partitions && metadata.Partitions.All(p => p.Leader >= 0))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Topic {topic} has no leader for all {partitions} partitions: {metadata.Error}");
            }

            await Task.Delay(50);
        }
    }

    // Errors only: librdkafka warns on every client that the 0.9 settings are deprecated.
    private Dictionary<string, string> ClientPropertiesCopy() => new(ClientProperties) { ["log_level"] = "3" };

    private void SkipWhenUnavailable()
    {
        if (_unavailableReason is not null)
        {
            Assert.Skip(_unavailableReason);
        }
    }

    private static string? FindMissingPrerequisite()
    {
        const string Instead = "Install Java 17+ and npm, or set " + BootstrapServersVariable + " to an existing broker.";
        if (OperatingSystem.IsWindows())
        {
            return "The Kafka test broker script needs bash (Linux or macOS). " + Instead;
        }

        if (KafkaBrokerScript.Find() is null)
        {
            return "scripts/kafka-test-broker.sh was not found above " + AppContext.BaseDirectory + ".";
        }

        var java = Environment.GetEnvironmentVariable("JAVA") is { Length: > 0 } configured ? configured : "java";
        if (!File.Exists(java) && KafkaBrokerScript.FindOnPath(java) is null)
        {
            return "Java is not on PATH, so the Kafka test broker cannot run. " + Instead;
        }

        return null;
    }
}
