using System.Text.Json;

namespace Llama3Siem.Worker.Tests.Api;

/// <summary>Reads a <c>text/event-stream</c> body into its events, as a browser's parser would.</summary>
internal static class ServerSentEvents
{
    public static async Task<IReadOnlyList<(string Name, JsonElement Data)>> ReadAllAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var events = new List<(string, JsonElement)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? name = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    events.Add((name ?? "message", JsonDocument.Parse(data).RootElement.Clone()));
                }

                name = null;
                data = null;
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = data is null ? line[6..] : data + "\n" + line[6..];
            }
        }

        return events;
    }
}
