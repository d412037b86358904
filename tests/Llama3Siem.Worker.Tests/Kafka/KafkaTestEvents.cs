using System.Globalization;
using System.Text.Json;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>ECS events with known ids, grouped by a shared source address twenty at a time.</summary>
internal static class KafkaTestEvents
{
    public static (List<string> Lines, List<string> Ids) Make(int count, string prefix)
    {
        var start = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        var lines = new List<string>(count);
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var id = $"{prefix}-{i:D6}";
            ids.Add(id);
            lines.Add(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["@timestamp"] = start.AddMilliseconds(200.0 * i).ToString("O", CultureInfo.InvariantCulture),
                ["event"] = new Dictionary<string, object> { ["id"] = id, ["action"] = "logon-failed", ["code"] = "4625" },
                ["host"] = new Dictionary<string, object> { ["name"] = $"srv-{i % 53:D2}" },
                ["user"] = new Dictionary<string, object> { ["name"] = $"user{i % 41}" },
                ["source"] = new Dictionary<string, object> { ["ip"] = $"10.{i / 5000 % 250}.{i / 20 % 250}.7" },
                ["message"] = $"An account failed to log on from 10.{i / 5000 % 250}.{i / 20 % 250}.7 (attempt {i})",
            }));
        }

        return (lines, ids);
    }
}
