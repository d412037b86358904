using System.Buffers.Binary;
using System.Net.Sockets;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>
/// Tells a Kafka 0.9 broker from a newer one without a client library: brokers from 0.10 on answer an
/// ApiVersions request at once, 0.9 does not know it and never answers. librdkafka needs to be told which.
/// </summary>
internal static class BrokerProtocolProbe
{
    private const short ApiVersionsKey = 18;
    private const int CorrelationId = 0x4C33;

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(3);

    public static async Task<bool> AnswersApiVersionsAsync(string bootstrapServers, TimeSpan connectTimeout)
    {
        var first = bootstrapServers.Split(',')[0].Trim();
        var colon = first.LastIndexOf(':');
        var host = first[..colon];
        var port = int.Parse(first[(colon + 1)..]);

        using var client = new TcpClient();
        using (var connecting = new CancellationTokenSource(connectTimeout))
        {
            await client.ConnectAsync(host, port, connecting.Token);
        }

        using var limit = new CancellationTokenSource(ReplyTimeout);
        var stream = client.GetStream();

        // size, api key, api version 0, correlation id, client id (int16 length + bytes).
        var request = new byte[4 + 2 + 2 + 4 + 2 + 1];
        BinaryPrimitives.WriteInt32BigEndian(request, request.Length - 4);
        BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(4), ApiVersionsKey);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(8), CorrelationId);
        BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(12), 1);
        request[14] = (byte)'p';
        await stream.WriteAsync(request, limit.Token);

        var reply = new byte[8];
        try
        {
            await stream.ReadExactlyAsync(reply, limit.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }

        return BinaryPrimitives.ReadInt32BigEndian(reply.AsSpan(4)) == CorrelationId;
    }
}
