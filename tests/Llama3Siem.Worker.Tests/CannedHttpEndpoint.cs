using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Llama3Siem.Worker.Tests;

/// <summary>
/// A loopback HTTP endpoint that answers every request with the same status and body, as a broken or half-working
/// Elasticsearch would: a real socket, so the store's real HTTP stack meets it.
/// </summary>
internal sealed class CannedHttpEndpoint : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private int _requests;

    public CannedHttpEndpoint(int status, string body, string contentType = "application/json")
    {
        _listener.Start();
        _serving = ServeAsync(status, body, contentType);
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public int Requests => Volatile.Read(ref _requests);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(int status, string body, string contentType)
    {
        var payload = Encoding.UTF8.GetBytes(body);
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} Canned\r\nContent-Type: {contentType}\r\nContent-Length: {payload.Length}\r\nX-Elastic-Product: Elasticsearch\r\n\r\n");
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(client, head, payload));
        }
    }

    private async Task AnswerAsync(TcpClient client, byte[] head, byte[] payload)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[64 * 1024];
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    if (!await ReadRequestAsync(stream, buffer))
                    {
                        return;
                    }

                    Interlocked.Increment(ref _requests);
                    await stream.WriteAsync(head, _stop.Token);
                    await stream.WriteAsync(payload, _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client went away or the endpoint is stopping.
            }
        }
    }

    /// <summary>Reads one request: headers to the blank line, then Content-Length bytes of body. False at end of stream.</summary>
    private async Task<bool> ReadRequestAsync(NetworkStream stream, byte[] buffer)
    {
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, 1), _stop.Token);
            if (read == 0)
            {
                return false;
            }

            text.Append((char)buffer[0]);
        }

        var length = text.ToString().Split("\r\n")
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        while (length > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, length)), _stop.Token);
            if (read == 0)
            {
                return false;
            }

            length -= read;
        }

        return true;
    }
}
